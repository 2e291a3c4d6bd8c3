using System.Text.RegularExpressions;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Tests;

/// <summary>The enrolment's QR code: the modules of a real QR symbol, drawn as SVG the CSP allows.</summary>
public sealed partial class QrCodeSvgTests
{
    [Fact]
    public void AnOtpauthUri_IsAQrSymbolWithItsFinderPatterns_InASquareWithAQuietZone()
    {
        var svg = QrCodeSvg.Of("otpauth://totp/TradingAlerts%3Aann?secret=JBSWY3DPEHPK3PXP&issuer=TradingAlerts&algorithm=SHA1&digits=6&period=30", "QR code of the sign-in code's key");

        var size = int.Parse(ViewBox().Match(svg).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var dark = Modules().Matches(svg).Select(m => (X: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Y: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToHashSet();

        // A QR symbol of version v is 17 + 4v modules across; the quiet zone adds 4 on each side.
        ((size - 8 - 17) % 4).Should().Be(0);
        // The top-left finder pattern: a 7×7 dark ring around a light ring around a 3×3 dark square, after the quiet zone.
        for (var i = 0; i < 7; i++)
        {
            dark.Should().Contain([(4 + i, 4), (4 + i, 10), (4, 4 + i), (10, 4 + i)]);
        }

        dark.Should().NotContain((5, 5)).And.Contain((7, 7)).And.NotContain((0, 0));
        dark.Should().Contain((size - 5, 4), "the top-right finder pattern's corner");
        svg.Should().Contain("aria-label=\"QR code of the sign-in code&#39;s key\"").And.NotContain("style=");
    }

    [GeneratedRegex("viewBox=\"0 0 (\\d+) \\d+\"")]
    private static partial Regex ViewBox();

    [GeneratedRegex("M(\\d+) (\\d+)h1v1h-1z")]
    private static partial Regex Modules();
}
