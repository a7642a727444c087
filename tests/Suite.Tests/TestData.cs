namespace StarPlatform.Suite.Tests;

/// <summary>Data that keeps tests apart: each test registers units no other test uses.</summary>
internal static class TestData
{
    /// <summary>A random six-digit division code (centers are unique per division and level).</summary>
    public static string DivisionCode() => Random.Shared.Next(100000, 1000000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static object County(string? name = null, string? divisionCode = null, Guid? parentId = null) => new
    {
        name = name ?? $"测试县政务服务中心 {Guid.NewGuid():N}",
        level = "county",
        divisionCode = divisionCode ?? DivisionCode(),
        parentId,
        address = "眉山市",
        floorAreaM2 = 6000,
    };
}
