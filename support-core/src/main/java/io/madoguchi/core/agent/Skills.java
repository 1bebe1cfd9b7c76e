package io.madoguchi.core.agent;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Channel;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.internal.LanguageTags;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Builds the skill strings routing understands. A skill is {@code kind:value}; skills-based routing reads
 * {@code language:} (the primary language, so {@code language:ja} serves {@code ja-JP} tickets), {@code channel:} and
 * {@code product:}; other kinds are the host's own. Stateless and thread-safe.
 */
public final class Skills {

    private static final String LANGUAGE = "language:";
    private static final String CHANNEL = "channel:";
    private static final String PRODUCT = "product:";

    private Skills() {
    }

    /**
     * @param tag a language tag such as {@code ja} or {@code en-US}
     * @return {@code language:ja}, the primary language in lower case ({@code language:en} for {@code en-US})
     * @throws ValidationException naming {@code language} if the tag is not a language tag (for example
     *     {@code Japanese})
     */
    public static String language(String tag) {
        requireNonNull(tag, "tag");
        String problem = LanguageTags.problem(tag);
        if (problem != null) {
            throw ValidationException.of("language", problem);
        }
        return LANGUAGE + LanguageTags.primary(tag);
    }

    /**
     * @param name a product name
     * @return {@code product:<name>}
     */
    public static String product(String name) {
        return PRODUCT + name.toLowerCase(Locale.ROOT);
    }

    /**
     * @param channel a channel
     * @return {@code channel:<name>}
     */
    public static String channel(Channel channel) {
        return CHANNEL + channel.name();
    }

    /**
     * The skill a ticket in this language needs; unlike {@link #language} it never throws (stored tickets were
     * validated when they were written).
     *
     * @param tag the ticket's language tag
     * @return {@code language:} and the primary language in lower case
     */
    static String languageNeeded(String tag) {
        return LANGUAGE + LanguageTags.primary(tag);
    }

    /**
     * Checks one skill as an agent is saved and returns its stored form.
     *
     * @param skill the skill as given
     * @return the skill, with a {@code language:} value reduced to its primary language in lower case
     * @throws ValidationException naming {@code skills} if it is not {@code kind:value}, or a language or channel skill
     *     names no language or channel
     */
    static String canonical(String skill) {
        requireNonNull(skill, "skill");
        int colon = skill.indexOf(':');
        if (colon <= 0 || colon == skill.length() - 1) {
            throw ValidationException.of("skills", "'" + abbreviate(skill) + "' is not kind:value"
                + hint(skill) + "; build skills with Skills.language, Skills.channel or Skills.product");
        }
        String kind = skill.substring(0, colon);
        String value = skill.substring(colon + 1);
        String problem = io.madoguchi.core.internal.Text.problem(skill, false);
        if (problem != null) {
            throw ValidationException.of("skills", problem);
        }
        return switch (kind) {
            case "language" -> {
                String p = LanguageTags.problem(value);
                if (p != null) {
                    throw ValidationException.of("skills", "'" + abbreviate(skill) + "': the language " + p);
                }
                yield LANGUAGE + LanguageTags.primary(value);
            }
            case "channel" -> {
                try {
                    yield CHANNEL + Channel.of(value).name();
                } catch (ValidationException e) {
                    throw ValidationException.of("skills", "'" + abbreviate(skill) + "' names no channel");
                }
            }
            default -> skill;
        };
    }

    private static String hint(String skill) {
        @Nullable String p = LanguageTags.problem(skill);
        return p == null ? " (for a language use Skills.language(\"" + skill + "\"), which gives "
            + LANGUAGE + LanguageTags.primary(skill) + ")" : "";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
