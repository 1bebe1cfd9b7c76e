package io.madoguchi.core.customer;

import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.internal.LanguageTag;
import io.madoguchi.core.internal.Masked;
import io.madoguchi.core.internal.PlainText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Creates a customer. Immutable and thread-safe.
 *
 * @param name the display name, 1 to 200 characters of one line of visible text
 * @param identities channel identities, at least one, at most 20, none already used in the tenant
 * @param organization the organization, or null (an email domain may assign one)
 * @param language preferred language tag ({@code ja}, {@code en-US}), or null
 */
public record NewCustomer(
    @NotNull @PlainText @Size(max = 200) String name,
    @NotNull @Size(min = 1, max = 20) List<@NotNull ChannelIdentity> identities,
    @Nullable OrganizationId organization,
    @Nullable @LanguageTag String language) {

    /**
     * @param name the display name
     * @param identity the first identity
     * @return a customer with one identity, no organization, language unknown
     */
    public static NewCustomer of(String name, ChannelIdentity identity) {
        return new NewCustomer(name, List.of(identity), null, null);
    }

    /**
     * @param tag the language tag
     * @return a copy with this language
     */
    public NewCustomer withLanguage(String tag) {
        return new NewCustomer(name, identities, organization, tag);
    }

    /**
     * @param org the organization
     * @return a copy in this organization
     */
    public NewCustomer withOrganization(OrganizationId org) {
        return new NewCustomer(name, identities, org, language);
    }

    /** @return a description without the name or the identities' values (personal data), for logs */
    @Override
    public String toString() {
        return "NewCustomer[name=" + Masked.chars(name) + ", identities=" + identities + ", organization="
            + organization + ", language=" + language + "]";
    }
}
