package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Option values serve cannot use are refused before anything starts. The store given is one serve cannot open, so
 * a value that is (wrongly) accepted ends at the store's error instead of a running server.
 */
class ServeOptionLimitsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--survey-delay|9223372036854775807|--survey-delay: must be 0 to 525600 minutes (365 days)",
        "--survey-delay|525601|--survey-delay: must be 0 to 525600 minutes (365 days)",
        "--public-url|not a url|--public-url: must be an absolute http or https URL",
        "--public-url|ftp://example.jp|--public-url: must be an absolute http or https URL",
        "--public-url|/relative/path|--public-url: must be an absolute http or https URL",
        "--support-address|not an address|--support-address: must be a mail address",
        "--support-address|support@|--support-address: must be a mail address",
    })
    void aValueServeCannotUseIsOneLineNamingTheOption(String option, String value, String expected) throws Exception {
        CliTestRun r = CliTestRun.of("serve", "--port", "0", "--agent", "sato=long-enough", "--store",
            "mysql://nowhere", option, value);
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith(expected);
    }
}
