package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FaqCalibrationTest {

    private static final FaqCalibration AT_1786 = new FaqCalibration(0, 0, 0, 0, 1, 0, 0, 1786);

    @Test
    void scoresOfSmallerCatalogsAreScaledByTheRatioOfSingleFaqIdfs() {
        // idf of a word in one FAQ: ln(1 + (n - 0.5) / 1.5); at 8 FAQs ln 6, at 1,786 ln(1 + 1785.5 / 1.5)
        assertThat(AT_1786.scoreScale(8)).isCloseTo(Math.log(1 + 1785.5 / 1.5) / Math.log(6), within(1e-12));
        assertThat(AT_1786.scoreScale(8)).isGreaterThan(AT_1786.scoreScale(100)).isGreaterThan(1);
        assertThat(AT_1786.scoreScale(1)).isGreaterThan(AT_1786.scoreScale(8));
        assertThat(AT_1786.scoreScale(0)).isEqualTo(AT_1786.scoreScale(1));
    }

    @Test
    void catalogsOfTheReferenceSizeOrLargerAndReferenceZeroAreNotScaled() {
        assertThat(AT_1786.scoreScale(1786)).isEqualTo(1);
        assertThat(AT_1786.scoreScale(10_000)).isEqualTo(1);
        assertThat(new FaqCalibration(0, 0, 0, 0, 1, 0, 0).scoreScale(8)).isEqualTo(1);
        assertThat(new FaqCalibration(0, 0, 0, 0, 1, 0, 0).referenceSize()).isZero();
    }

    @Test
    void negativeReferenceSizeIsAValidationErrorNamingTheField() {
        assertThatThrownBy(() -> new FaqCalibration(0, 0, 0, 0, 1, 0, 0, -1))
            .isInstanceOfSatisfying(io.madoguchi.core.ValidationException.class, e -> assertThat(e.violations())
                .singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("referenceSize")));
    }

    @Test
    void defaultsScaleCatalogsSmallerThanTheirReference() {
        assertThat(FaqCalibration.defaults("ja").referenceSize()).isEqualTo(300);
        assertThat(FaqCalibration.defaults("ja").scoreScale(7)).isGreaterThan(3);
        assertThat(FaqCalibration.defaults("en").referenceSize()).isEqualTo(28);
        assertThat(FaqCalibration.defaults("en").scoreScale(7)).isGreaterThan(1);
        assertThat(FaqCalibration.defaults("en").scoreScale(28)).isEqualTo(1);
    }
}
