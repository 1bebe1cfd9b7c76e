package io.madoguchi.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.integration.Automations;
import org.junit.jupiter.api.Test;

class SubscriberNamesTest {

    @Test
    void acceptsTheNamesASubscriberRunnerAccepts() {
        String name = "madoguchi.feedback-surveys_2";
        assertThat(SubscriberNames.check(name, "bad")).isEqualTo(name);
        assertThat(SubscriberNames.check("a".repeat(89), "bad")).hasSize(89);
    }

    @Test
    void refusesMissingEmptyLongAndOtherCharactersNamingTheField() {
        for (String bad : new String[] {null, "", "a".repeat(90), "受付係", "auto mations", "a/b"}) {
            assertThatThrownBy(() -> SubscriberNames.check(bad, "has 1 to 89 letters"))
                .as(String.valueOf(bad))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                    .containsExactly(new Violation("name", "has 1 to 89 letters")));
        }
    }

    @Test
    void theLongestNameStillMakesAStepClaimScope() {
        String longest = SubscriberNames.check("s".repeat(SubscriberNames.MAX_LENGTH), "bad");
        // the step claims of a subscriber of that name must be valid keys, or every step it makes would fail
        assertThat(StepClaims.key(io.madoguchi.core.TenantId.of("shop-a"), longest, Long.MAX_VALUE, Integer.MAX_VALUE)
            .scope()).hasSize(100);
    }

    @Test
    void automationsRefuseAMalformedSubscriberName() {
        assertThatThrownBy(() -> Automations.builder().name("自動 化"))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("name"));
    }
}
