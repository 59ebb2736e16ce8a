using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace AmazingStore.Web.Marketplaces.Credentials;

/// <summary>
/// Keeps the Data Protection key ring in data_protection_keys, so every instance on the database
/// can decrypt what another encrypted. The interface is synchronous by design of the framework.
/// Plain SQL rather than EF: the ring is read while the host starts, and building the EF model
/// there would cost every start-up more than a second.
/// </summary>
public sealed class DbXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var cmd = dataSource.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY id");
        using var reader = cmd.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var cmd = dataSource.CreateCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2)");
        cmd.Parameters.AddWithValue(friendlyName);
        cmd.Parameters.AddWithValue(element.ToString(SaveOptions.DisableFormatting));
        cmd.ExecuteNonQuery();
    }
}
