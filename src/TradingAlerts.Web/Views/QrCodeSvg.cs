using System.Globalization;
using System.Text;
using QRCoder;

namespace TradingAlerts.Web.Views;

/// <summary>
/// A QR code (QRCoder's encoding, error correction M) drawn as one SVG path of its dark modules, quiet zone included:
/// no script, no inline style (the CSP's <c>style-src 'self'</c> forbids it), crisp at any size. For the TOTP enrolment's
/// <c>otpauth://</c> URI, which an authenticator app scans.
/// </summary>
public static class QrCodeSvg
{
    /// <summary>The SVG element (its <paramref name="label"/> as the accessible name; the page gives the text too).</summary>
    public static string Of(string text, string label, int pixels = 220)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        using var generator = new QRCodeGenerator();
        using var code = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = code.ModuleMatrix;
        var size = modules.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (modules[y][x])
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
            }
        }

        var encodedLabel = System.Net.WebUtility.HtmlEncode(label);
        return $"""<svg class="qr" width="{pixels}" height="{pixels}" viewBox="0 0 {size} {size}" role="img" aria-label="{encodedLabel}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>""";
    }
}
