package io.madoguchi.core.faq.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.faq.FaqEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"住民票\u0085", "住民票\u202e", "住民票\ud800", "\u200b"})
    void storedFaqTextRefusesC1BidiLoneSurrogatesAndInvisibleText(String text) {
        assertThatThrownBy(() -> FaqEntry.builder("juminhyo").question(text).answer("窓口へどうぞ").build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("question");
        assertThatThrownBy(() -> FaqEntry.builder("juminhyo").question("住民票").answer(text).build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("answer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"住民票\u0085がほしい", "住民票\u009f", "住民票\u202eがほしい", "住民票\ud83d"})
    void aQueryMayCarryWhatACustomerMessageCarries(String query) {
        assertThatCode(() -> TextChecks.requireQuery("query", query, 2_000)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"住民票\u0000", "住民票\u001b[0m", "住民票\u007f"})
    void aQueryRefusesC0Controls(String query) {
        assertThatThrownBy(() -> TextChecks.requireQuery("query", query, 2_000))
            .isInstanceOf(ValidationException.class).hasMessageContaining("query");
    }
}
