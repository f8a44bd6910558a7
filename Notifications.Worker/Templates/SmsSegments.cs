namespace Notifications.Worker.Templates;

/// <summary>
/// How many SMS an operator bills for a text: GSM-7 fits 160 characters in one message and 153 per part when split
/// (extension characters count twice); anything outside GSM-7 goes as UCS-2, 70 in one message and 67 per part.
/// </summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    public static int Count(string text)
    {
        if (text.All(c => Basic.Contains(c) || Extension.Contains(c)))
        {
            var septets = text.Sum(c => Extension.Contains(c) ? 2 : 1);
            return septets <= 160 ? 1 : (septets + 152) / 153;
        }

        return text.Length <= 70 ? 1 : (text.Length + 66) / 67;
    }
}
