package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Bad arguments give the documented exceptions: ValidationException for values, NullPointerException naming a null. */
class FaqMatcherArgumentsTest {

    private static final TenantId CITY = TenantId.of("amagasaki-city");

    @Test
    void aGapReportOfNoGroupsIsAValidationErrorNamingMaxGroups() {
        try (FaqMatcher matcher = FaqMatcher.builder(new FaqCatalog()).build()) {
            assertThatThrownBy(() -> matcher.gapReport(CITY, Locale.JAPANESE, -1))
                .isInstanceOf(ValidationException.class).hasMessageContaining("maxGroups");
            assertThatThrownBy(() -> matcher.gapReport(CITY, Locale.JAPANESE, 0))
                .isInstanceOf(ValidationException.class).hasMessageContaining("maxGroups");
        }
    }

    @Test
    void aNullLocaleIsNamed() {
        try (FaqMatcher matcher = FaqMatcher.builder(new FaqCatalog()).build()) {
            assertThatThrownBy(() -> matcher.gapReport(CITY, null, 5)).isInstanceOf(NullPointerException.class)
                .hasMessage("locale");
            assertThatThrownBy(() -> matcher.feedback(CITY, "住民票", null, "juminhyo", true))
                .isInstanceOf(NullPointerException.class).hasMessage("locale");
            assertThatThrownBy(() -> matcher.gapReport(CITY, Locale.FRENCH, 5))
                .isInstanceOf(ValidationException.class).hasMessageContaining("locale");
        }
    }
}
