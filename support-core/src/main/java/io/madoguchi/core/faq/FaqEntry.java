package io.madoguchi.core.faq;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.faq.internal.TextChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One FAQ: a question, alternative phrasings a customer might use, and the answer.
 *
 * <p>Immutable and thread-safe. The {@link #id()} is a stable key chosen by the tenant; it is never
 * indexed for matching. {@link #version()} is assigned by {@link FaqCatalog} (1 for the first
 * revision).
 *
 * @param id        stable id, unique per tenant
 * @param locale    language: {@code ja} or {@code en}
 * @param question  the canonical question
 * @param phrasings alternative phrasings (the customer's words), possibly empty
 * @param answer    answer text, possibly empty
 * @param links     links shown with the answer (URLs), possibly empty
 * @param category  category name, possibly empty
 * @param tags      tags, possibly empty
 * @param published whether the FAQ may be matched and shown to customers
 * @param version   revision number, 0 until stored in a catalog
 */
public record FaqEntry(String id, Locale locale, String question, List<String> phrasings, String answer,
                       List<String> links, String category, List<String> tags, boolean published, long version) {

    /** Longest accepted question or phrasing, in characters. */
    public static final int MAX_QUESTION_LENGTH = 2_000;
    /** Longest accepted answer, in characters. */
    public static final int MAX_ANSWER_LENGTH = 20_000;

    /**
     * Validates and creates an entry.
     *
     * @param id        stable id, unique per tenant
     * @param locale    language: {@code ja} or {@code en}
     * @param question  the canonical question
     * @param phrasings alternative phrasings (the customer's words), possibly empty
     * @param answer    answer text, possibly empty
     * @param links     links shown with the answer (URLs), possibly empty
     * @param category  category name, possibly empty
     * @param tags      tags, possibly empty
     * @param published whether the FAQ may be matched and shown to customers
     * @param version   revision number, 0 until stored in a catalog
     * @throws ValidationException naming the field when a value is blank, too long, contains control
     *                             characters, or the locale is not Japanese or English
     * @throws NullPointerException if a component is null
     */
    public FaqEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(category, "category");
        phrasings = List.copyOf(phrasings);
        links = List.copyOf(links);
        tags = List.copyOf(tags);
        TextChecks.requireText("id", id, 200, false);
        TextChecks.requireText("question", question, MAX_QUESTION_LENGTH, false);
        for (int i = 0; i < phrasings.size(); i++) {
            TextChecks.requireText("phrasings[" + i + "]", phrasings.get(i), MAX_QUESTION_LENGTH, false);
        }
        TextChecks.requireText("answer", answer, MAX_ANSWER_LENGTH, true);
        for (int i = 0; i < links.size(); i++) {
            TextChecks.requireText("links[" + i + "]", links.get(i), 2_000, false);
        }
        TextChecks.requireText("category", category, 200, true);
        for (int i = 0; i < tags.size(); i++) {
            TextChecks.requireText("tags[" + i + "]", tags.get(i), 200, false);
        }
        String lang = locale.getLanguage();
        if (!lang.equals("ja") && !lang.equals("en")) {
            throw ValidationException.of("locale", "must be ja or en, was '" + locale.toLanguageTag() + "'");
        }
        if (version < 0) {
            throw ValidationException.of("version", "must be >= 0, was " + version);
        }
    }

    /**
     * Starts a builder for an entry with the given id.
     *
     * @param id the FAQ id
     * @return a new builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * Returns a copy with another version.
     *
     * @param newVersion the version
     * @return the copy
     */
    public FaqEntry withVersion(long newVersion) {
        return new FaqEntry(id, locale, question, phrasings, answer, links, category, tags, published, newVersion);
    }

    /**
     * Returns a copy with another published flag.
     *
     * @param isPublished the flag
     * @return the copy
     */
    public FaqEntry withPublished(boolean isPublished) {
        return new FaqEntry(id, locale, question, phrasings, answer, links, category, tags, isPublished, version);
    }

    /**
     * Builder for {@link FaqEntry}; not thread-safe.
     */
    public static final class Builder {
        private final String id;
        private Locale locale = Locale.JAPANESE;
        private String question = "";
        private final List<String> phrasings = new ArrayList<>();
        private String answer = "";
        private final List<String> links = new ArrayList<>();
        private String category = "";
        private final List<String> tags = new ArrayList<>();
        private boolean published = true;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /**
         * @param value language (ja or en); default Japanese
         * @return this builder
         */
        public Builder locale(Locale value) {
            this.locale = Objects.requireNonNull(value, "locale");
            return this;
        }

        /**
         * @param value the question
         * @return this builder
         */
        public Builder question(String value) {
            this.question = Objects.requireNonNull(value, "question");
            return this;
        }

        /**
         * @param values alternative phrasings to add
         * @return this builder
         */
        public Builder phrasings(String... values) {
            for (String v : values) {
                phrasings.add(Objects.requireNonNull(v, "phrasing"));
            }
            return this;
        }

        /**
         * @param values alternative phrasings to add
         * @return this builder
         */
        public Builder phrasings(List<String> values) {
            return phrasings(values.toArray(String[]::new));
        }

        /**
         * @param value the answer text
         * @return this builder
         */
        public Builder answer(String value) {
            this.answer = Objects.requireNonNull(value, "answer");
            return this;
        }

        /**
         * @param values links to add
         * @return this builder
         */
        public Builder links(List<String> values) {
            values.forEach(v -> links.add(Objects.requireNonNull(v, "link")));
            return this;
        }

        /**
         * @param value category
         * @return this builder
         */
        public Builder category(String value) {
            this.category = Objects.requireNonNull(value, "category");
            return this;
        }

        /**
         * @param values tags to add
         * @return this builder
         */
        public Builder tags(List<String> values) {
            values.forEach(v -> tags.add(Objects.requireNonNull(v, "tag")));
            return this;
        }

        /**
         * @param value published flag; default true
         * @return this builder
         */
        public Builder published(boolean value) {
            this.published = value;
            return this;
        }

        /**
         * Builds the entry (version 0).
         *
         * @return the entry
         * @throws ValidationException when a field is invalid (see {@link FaqEntry})
         */
        public FaqEntry build() {
            return new FaqEntry(id, locale, question, phrasings, answer, links, category, tags, published, 0);
        }
    }
}
