package io.madoguchi.core.macro;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.internal.LanguageTags;
import io.madoguchi.core.internal.Text;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A canned reply with localized texts and optional actions, applied to a ticket as one step. Immutable.
 *
 * <p>Texts may use the placeholders {@link #PLACEHOLDERS}: {@code {customer.name}}, {@code {ticket.number}},
 * {@code {ticket.subject}}, {@code {ticket.status}}, {@code {ticket.priority}}, {@code {agent.name}}.
 *
 * @param id the id, 1 to 64 letters, digits, {@code _} or {@code -}
 * @param tenantId the tenant
 * @param name the name shown to agents
 * @param texts the text per language tag ({@code ja}, {@code en}), at least one
 * @param visibility whether the text is sent as a public reply or added as an internal note
 * @param setStatus the status to move to, or null to keep it
 * @param setPriority the priority to set, or null to keep it
 * @param addTags tags to add, checked like a ticket's tags (in their normalized form)
 */
public record Macro(String id, TenantId tenantId, String name, Map<String, String> texts, Visibility visibility,
                   @Nullable TicketStatus setStatus, @Nullable Priority setPriority, Set<String> addTags) {

    /** The placeholders a text may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("customer.name", "ticket.number", "ticket.subject",
        "ticket.status", "ticket.priority", "agent.name");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+\\.[a-z]+)}");

    /**
     * @param id the id, 1 to 64 letters, digits, {@code _} or {@code -}
     * @param tenantId the tenant
     * @param name the name shown to agents
     * @param texts the text per language tag ({@code ja}, {@code en}), at least one
     * @param visibility whether the text is sent as a public reply or added as an internal note
     * @param setStatus the status to move to, or null to keep it
     * @param setPriority the priority to set, or null to keep it
     * @param addTags tags to add, checked like a ticket's tags (in their normalized form)
     * @throws NullPointerException if a required argument is null
     * @throws ValidationException listing every problem: malformed id, a blank name or one that is not plain text
     *     (see {@link io.madoguchi.core.ticket.CreateTicket}), no texts, a text keyed by something other than a
     *     language tag, a blank text or one with control characters, an unknown placeholder, more than 50 tags or a tag
     *     that is empty, spaced or longer than 64 characters after Unicode normalization
     */
    public Macro {
        requireNonNull(id, "id");
        requireNonNull(tenantId, "tenantId");
        requireNonNull(name, "name");
        texts = Map.copyOf(texts);
        requireNonNull(visibility, "visibility");
        addTags = Set.copyOf(addTags);
        List<Violation> problems = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            problems.add(new Violation("id", "must be 1-64 letters, digits, '_' or '-'; was '" + id + "'"));
        }
        String nameProblem = Text.problem(name, false);
        if (nameProblem != null) {
            problems.add(new Violation("name", nameProblem));
        }
        if (texts.isEmpty()) {
            problems.add(new Violation("texts", "needs at least one language"));
        }
        texts.forEach((lang, text) -> {
            String languageProblem = LanguageTags.problem(lang);
            if (languageProblem != null) {
                problems.add(new Violation("texts", "key '" + lang + "' " + languageProblem));
            }
            String textProblem = Text.problem(text, true);
            if (textProblem != null) {
                problems.add(new Violation("texts." + lang, textProblem));
            }
            var m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (!PLACEHOLDERS.contains(m.group(1))) {
                    problems.add(new Violation("texts." + lang, "unknown placeholder {" + m.group(1) + "}; known: "
                            + PLACEHOLDERS));
                }
            }
        });
        if (addTags.size() > 50) {
            problems.add(new Violation("addTags", "at most 50 tags, was " + addTags.size()));
        }
        for (String tag : new java.util.TreeSet<>(addTags)) {
            String tagProblem = Text.tagProblem(tag);
            if (tagProblem != null) {
                problems.add(new Violation("addTags", tagProblem));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(Violation::field));
            throw new ValidationException(problems);
        }
    }

    /**
     * @param tenantId the tenant
     * @param id the id
     * @param name the name
     * @param texts the text per language
     * @return a public canned reply without actions
     */
    public static Macro reply(TenantId tenantId, String id, String name, Map<String, String> texts) {
        return new Macro(id, tenantId, name, texts, Visibility.PUBLIC, null, null, Set.of());
    }

    /**
     * @param status the status to set
     * @return a copy that also sets the status
     */
    public Macro thenStatus(TicketStatus status) {
        return new Macro(id, tenantId, name, texts, visibility, requireNonNull(status, "status"), setPriority, addTags);
    }

    /**
     * @param priority the priority to set
     * @return a copy that also sets the priority
     */
    public Macro thenPriority(Priority priority) {
        return new Macro(id, tenantId, name, texts, visibility, setStatus, requireNonNull(priority, "priority"),
                addTags);
    }

    /**
     * @param tags tags to add
     * @return a copy that also adds these tags
     */
    public Macro thenTags(String... tags) {
        return new Macro(id, tenantId, name, texts, visibility, setStatus, setPriority, Set.of(tags));
    }

    /**
     * The text for a language: the exact tag, else its primary language ({@code en} for {@code en-US}), else
     * {@code ja}, else {@code en}, else any.
     *
     * @param language the wanted language tag
     * @return the template
     */
    public String textFor(String language) {
        String exact = texts.get(language);
        if (exact != null) {
            return exact;
        }
        int dash = language.indexOf('-');
        String primary = dash > 0 ? texts.get(language.substring(0, dash)) : null;
        if (primary != null) {
            return primary;
        }
        for (String fallback : List.of("ja", "en")) {
            if (texts.containsKey(fallback)) {
                return texts.get(fallback);
            }
        }
        return texts.values().iterator().next();
    }

    /**
     * Fills in placeholders.
     *
     * @param language the wanted language
     * @param values placeholder values by name ({@code customer.name} ...)
     * @return the rendered text; a placeholder without a value renders as empty text
     */
    public String render(String language, Map<String, String> values) {
        var m = PLACEHOLDER.matcher(textFor(language));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
