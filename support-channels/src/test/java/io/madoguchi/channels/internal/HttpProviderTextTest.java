package io.madoguchi.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@link Http#providerText(String)} keeps of a provider's error text and what it masks. */
class HttpProviderTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "21211 The 'To' number +81901234567 is not a valid phone number.|"
            + "21211 The 'To' number [phone] is not a valid phone number.",
        "21408 Permission to send an SMS has not been enabled for the region indicated by the 'To' number: "
            + "+81 90-1234-5678|21408 Permission to send an SMS has not been enabled for the region indicated by the "
            + "'To' number: [phone]",
        "宛先 090-1234-5678 に送れません|宛先 [phone] に送れません",
        "number (415) 555-0100 is unreachable|number ([phone] is unreachable",
        "recipient 819012345678 blocked|recipient [phone] blocked",
        "'to' parameter is not a valid address: 山田 <yamada.taro+shop@example.co.jp>|"
            + "'to' parameter is not a valid address: 山田 <[email]>",
        "channel_not_found|channel_not_found",
        "Invalid reply token|Invalid reply token",
        "error 21211 at 12:30|error 21211 at 12:30"})
    void addressesAndPhoneNumbersAreMaskedAndCodesKept(String said, String kept) {
        assertThat(Http.providerText(said)).isEqualTo(kept);
    }

    @Test
    void theTextIsOneLineOfAtMost200Characters() {
        assertThat(Http.providerText("宛先が\r\n不正です\u2028")).isEqualTo("宛先が  不正です ");
        assertThat(Http.providerText("あ".repeat(5_000) + " +81901234567")).hasSize(200).doesNotContain("8190");
    }
}
