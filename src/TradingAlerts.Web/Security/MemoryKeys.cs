using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace TradingAlerts.Web.Security;

/// <summary>
/// The data-protection keys (login cookie, antiforgery tokens) in memory only: nothing is written to disk, and a
/// restart just means logging in again.
/// </summary>
internal sealed class MemoryKeys : IXmlRepository
{
    private readonly Lock gate = new();
    private readonly List<XElement> elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (gate)
            return elements.Select(e => new XElement(e)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (gate)
            elements.Add(new XElement(element));
    }
}
