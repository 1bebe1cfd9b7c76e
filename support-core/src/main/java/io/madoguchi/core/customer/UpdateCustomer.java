package io.madoguchi.core.customer;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.internal.LanguageTag;
import io.madoguchi.core.internal.Masked;
import io.madoguchi.core.internal.PlainText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Changes a customer's name, language or organization; a null value keeps the current one. Immutable and
 * thread-safe.
 *
 * @param customerId the customer
 * @param name the new display name, 1 to 200 characters of one line of visible text (not blank), or null
 * @param language the new language tag ({@code ja}, {@code en-US}), or null
 * @param organization the new organization, or null
 * @param expectedVersion the version the change is based on, or 0 for the current one
 */
public record UpdateCustomer(
    @NotNull CustomerId customerId,
    @Nullable @PlainText @Size(max = 200) String name,
    @Nullable @LanguageTag String language,
    @Nullable OrganizationId organization,
    @PositiveOrZero long expectedVersion) {

    /**
     * @param id the customer
     * @return a command changing nothing yet, applied to the current version
     */
    public static UpdateCustomer of(CustomerId id) {
        return new UpdateCustomer(id, null, null, null, 0);
    }

    /**
     * @param value the new name
     * @return a copy that sets it
     */
    public UpdateCustomer withName(String value) {
        return new UpdateCustomer(customerId, value, language, organization, expectedVersion);
    }

    /**
     * @param value the new language tag
     * @return a copy that sets it
     */
    public UpdateCustomer withLanguage(String value) {
        return new UpdateCustomer(customerId, name, value, organization, expectedVersion);
    }

    /**
     * @param value the new organization
     * @return a copy that sets it
     */
    public UpdateCustomer withOrganization(OrganizationId value) {
        return new UpdateCustomer(customerId, name, language, value, expectedVersion);
    }

    /** @return a description without the name (personal data), for logs */
    @Override
    public String toString() {
        return "UpdateCustomer[" + customerId + ", name=" + (name == null ? "unchanged" : Masked.chars(name))
            + ", language=" + language + ", organization=" + organization + ", expectedVersion=" + expectedVersion
            + "]";
    }
}
