package io.madoguchi.core.customer;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.OrganizationId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Changes a customer's name, language or organization; a null value keeps the current one. Immutable and
 * thread-safe.
 *
 * @param customerId the customer
 * @param name the new display name, 1 to 200 characters, or null
 * @param language the new language tag, or null
 * @param organization the new organization, or null
 * @param expectedVersion the version the change is based on, or 0 for the current one
 */
public record UpdateCustomer(
    @NotNull CustomerId customerId,
    @Nullable @Size(min = 1, max = 200) String name,
    @Nullable @Pattern(regexp = "[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*", message = "must be a language tag such as ja or en-US") String language,
    @Nullable OrganizationId organization,
    @PositiveOrZero long expectedVersion) {

    /**
     * @param id the customer
     * @return a command changing nothing yet, applied to the current version
     */
    public static UpdateCustomer of(CustomerId id) {
        return new UpdateCustomer(id, null, null, null, 0);
    }

    /** @param value the new name @return a copy that sets it */
    public UpdateCustomer withName(String value) {
        return new UpdateCustomer(customerId, value, language, organization, expectedVersion);
    }

    /** @param value the new language tag @return a copy that sets it */
    public UpdateCustomer withLanguage(String value) {
        return new UpdateCustomer(customerId, name, value, organization, expectedVersion);
    }

    /** @param value the new organization @return a copy that sets it */
    public UpdateCustomer withOrganization(OrganizationId value) {
        return new UpdateCustomer(customerId, name, language, value, expectedVersion);
    }
}
