using System.Net;
using System.Text;
using FinanceMarket.Notifications.Model;

namespace FinanceMarket.Notifications.Tests;

public sealed class OutboundRulesTests
{
    [Fact]
    public void A_signature_verifies_over_the_exact_body_and_timestamp_and_nothing_else()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"OPPORTUNITY\"}");
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var signature = WebhookSignature.Sign("0123456789abcdef", 1_800_000_000, body);
        Assert.StartsWith("sha256=", signature, StringComparison.Ordinal);
        Assert.Equal(64 + 7, signature.Length);
        Assert.True(WebhookSignature.Verify("0123456789abcdef", "1800000000", signature, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("0123456789abcdeX", "1800000000", signature, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("0123456789abcdef", "1800000001", signature, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("0123456789abcdef", "1800000000", signature, [.. body, (byte)' '], now, TimeSpan.FromMinutes(5)));
        // A delivery replayed an hour later is refused by its timestamp.
        Assert.False(WebhookSignature.Verify("0123456789abcdef", "1800000000", signature, body, now.AddHours(1), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("0123456789abcdef", "-5", signature, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("0123456789abcdef", "9223372036854775807", signature, body, now, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("http://bank.example/hook", false, "url")]
    [InlineData("https://127.0.0.1/hook", false, "url")]
    [InlineData("https://10.1.2.3/hook", false, "url")]
    [InlineData("https://[::1]/hook", false, "url")]
    [InlineData("https://169.254.169.254/latest", false, "url")]
    [InlineData("https://localhost/hook", false, "url")]
    [InlineData("https://mongodb/hook", false, "url")]
    [InlineData("https://mongodb.financemarket.svc.cluster.local/hook", false, "url")]
    [InlineData("https://printer.local./hook", false, "url")]
    [InlineData("https://user:pw@bank.example/hook", true, "url")]
    [InlineData("ftp://bank.example/hook", true, "url")]
    [InlineData("/relative", true, "url")]
    [InlineData("", true, "url")]
    public void A_webhook_address_the_deployment_does_not_allow_is_refused(string url, bool allowPrivate, string field)
    {
        var refused = Assert.Throws<RuleViolationException>(() => OutboundRules.ValidateWebhook(url, "0123456789abcdef", allowPrivate));
        Assert.Equal([field], refused.Problems.Select(p => p.Field));
    }

    [Fact]
    public void A_public_https_address_and_on_one_machine_a_loopback_one_are_accepted()
    {
        Assert.Equal("https://bank.example/hook?x=1", OutboundRules.ValidateWebhook("https://bank.example/hook?x=1", "0123456789abcdef", false).AbsoluteUri);
        Assert.Equal("http://127.0.0.1:9000/hook", OutboundRules.ValidateWebhook("http://127.0.0.1:9000/hook", "0123456789abcdef", true).AbsoluteUri);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("0123456789abcde f")]
    [InlineData("0123456789abcdef\u0000")]
    [InlineData("密钥密钥密钥密钥密钥密钥密钥密钥")]
    public void A_secret_too_short_or_not_printable_ascii_is_refused(string secret) =>
        Assert.Equal(["secret"], Assert.Throws<RuleViolationException>(() => OutboundRules.ValidateWebhook("https://bank.example/h", secret, false)).Problems.Select(p => p.Field));

    [Theory]
    [InlineData("13800138000", true)]
    [InlineData(" 19912345678 ", true)]
    [InlineData("12800138000", false)]
    [InlineData("1380013800", false)]
    [InlineData("+8613800138000", false)]
    [InlineData("1380013800x", false)]
    public void Only_mainland_mobile_numbers_are_taken(string phone, bool valid)
    {
        if (valid)
        {
            Assert.Equal(phone.Trim(), OutboundRules.ValidatePhone(phone));
            Assert.Equal(phone.Trim()[..3] + "****" + phone.Trim()[7..], OutboundRules.Mask(phone.Trim()));
        }
        else
        {
            Assert.Equal(["phone"], Assert.Throws<RuleViolationException>(() => OutboundRules.ValidatePhone(phone)).Problems.Select(p => p.Field));
        }
    }

    [Fact]
    public void The_wait_doubles_from_the_first_and_stops_growing_at_an_hour()
    {
        var first = TimeSpan.FromSeconds(30);
        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600], Enumerable.Range(1, 9).Select(n => (int)OutboundRules.Backoff(n, first).TotalSeconds));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("192.0.0.8", true)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("2002:a00:1::1", true)]
    [InlineData("::8.8.8.8", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void Private_addresses_are_told_from_public_ones(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, OutboundRules.IsPrivate(IPAddress.Parse(address)));
}
