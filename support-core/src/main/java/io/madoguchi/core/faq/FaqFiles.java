package io.madoguchi.core.faq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.core.ValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Import and export of FAQ entries as JSON lines and CSV.
 *
 * <p>JSON lines: one object per line with {@code id}, {@code question}, {@code answer}, optional
 * {@code examples} (phrasings; an example equal to the question is dropped), {@code links},
 * {@code category}, {@code tags}, {@code locale}, {@code published}. CSV (RFC 4180, header row):
 * {@code id,locale,question,phrasings,answer,links,category,tags,published}, list values separated by
 * line breaks inside the quoted cell. Stateless and thread-safe.
 */
public final class FaqFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CSV_HEADER =
        List.of("id", "locale", "question", "phrasings", "answer", "links", "category", "tags", "published");

    private FaqFiles() {
    }

    /**
     * Reads JSON lines. Each non-blank line is one JSON object: {@code id}, {@code question} and {@code answer}
     * (strings) are required; {@code examples} or {@code phrasings}, {@code links} and {@code tags} are arrays of
     * strings, {@code category} and {@code locale} ({@code ja} or {@code en}) strings, {@code published} a boolean.
     * Other keys are ignored. A published FAQ needs a non-blank answer, unless it lists {@code examples}
     * (intent-style evaluation data, whose examples are what is matched). Ids must be unique within the file, and
     * the file must hold at least one FAQ.
     *
     * @param in            the input
     * @param defaultLocale locale of lines without {@code locale}; when null, detected per line (Japanese
     *                      script means ja, otherwise en)
     * @return the entries (version 0), in file order
     * @throws FaqFileException naming the line and field of the first problem: a line that is not a JSON object,
     *                          a missing or wrongly typed field, an invalid value, an FAQ without an answer, a
     *                          duplicate id, or no FAQ at all
     * @throws FaqFileException for the whole file (line 0) when the input is not valid text in its encoding (a
     *                          reader that reports malformed input, such as one from
     *                          {@link java.nio.file.Files#newBufferedReader})
     * @throws UncheckedIOException if the input cannot be read
     */
    public static List<FaqEntry> readJsonl(Reader in, @org.jspecify.annotations.Nullable Locale defaultLocale) {
        List<FaqEntry> out = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        BufferedReader r = new BufferedReader(in);
        int n = 0;
        try {
            String line;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new FaqFileException(n, "", "is not valid JSON (" + e.getOriginalMessage() + ")");
                }
                if (node == null || !node.isObject()) {
                    throw new FaqFileException(n, "", "must be a JSON object");
                }
                FaqEntry e = fromJson(n, node, defaultLocale);
                unique(lineOfId, e.id(), n);
                out.add(e);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            // the reader decodes ahead of the lines read, so the line is not known
            throw new FaqFileException(0, "", "is not valid text in its encoding (expected UTF-8)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new FaqFileException(0, "", "contains no FAQs");
        }
        return List.copyOf(out);
    }

    private static void unique(Map<String, Integer> lineOfId, String id, int line) {
        Integer first = lineOfId.putIfAbsent(id, line);
        if (first != null) {
            throw new FaqFileException(line, "id", "duplicate id '" + id + "', first on line " + first);
        }
    }

    private static FaqEntry fromJson(int line, JsonNode n, @org.jspecify.annotations.Nullable Locale defaultLocale) {
        String id = requiredText(line, n, "id");
        String question = requiredText(line, n, "question");
        String answer = requiredText(line, n, "answer");
        String localeText = optionalText(line, n, "locale");
        Locale locale = localeText != null ? Locale.forLanguageTag(localeText)
            : defaultLocale != null ? defaultLocale : detect(question);
        String examplesKey = n.has("examples") ? "examples" : "phrasings";
        List<String> examples = list(line, n, examplesKey);
        JsonNode published = n.get("published");
        if (published != null && !published.isNull() && !published.isBoolean()) {
            throw new FaqFileException(line, "published", "must be true or false; was " + published);
        }
        boolean isPublished = published == null || published.isNull() || published.booleanValue();
        if (answer.isBlank() && isPublished && !n.has("examples")) {
            throw new FaqFileException(line, "answer", "must not be empty: a published FAQ needs an answer");
        }
        try {
            return FaqEntry.builder(id)
                .locale(locale)
                .question(question)
                .phrasings(examples.stream().filter(e -> !e.equals(question)).toList())
                .answer(answer)
                .links(list(line, n, "links"))
                .category(Objects.requireNonNullElse(optionalText(line, n, "category"), ""))
                .tags(list(line, n, "tags"))
                .published(isPublished)
                .build();
        } catch (ValidationException e) {
            throw entryProblem(line, e, examplesKey);
        }
    }

    /** Names a problem {@link FaqEntry} found after the file's key ({@code phrasings[2]} → the examples key). */
    private static FaqFileException entryProblem(int line, ValidationException e, String phrasingsKey) {
        String field = e.violations().get(0).field();
        if (field.startsWith("phrasings")) {
            field = phrasingsKey;
        } else if (field.indexOf('[') > 0) {
            field = field.substring(0, field.indexOf('['));
        }
        return new FaqFileException(line, field, e.violations().get(0).message());
    }

    private static String requiredText(int line, JsonNode n, String field) {
        String v = optionalText(line, n, field);
        if (v == null) {
            throw new FaqFileException(line, field, "is required");
        }
        return v;
    }

    private static @org.jspecify.annotations.Nullable String optionalText(int line, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new FaqFileException(line, field, "must be a string; was " + v);
        }
        return v.textValue();
    }

    private static List<String> list(int line, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new FaqFileException(line, field, "must be an array of strings; was " + v);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isTextual()) {
                throw new FaqFileException(line, field, "must be an array of strings; has " + x);
            }
            out.add(x.textValue());
        }
        return out;
    }

    /**
     * Guesses the language of a text: Japanese when it contains kana or CJK ideographs.
     *
     * @param text the text
     * @return {@link Locale#JAPANESE} or {@link Locale#ENGLISH}
     */
    public static Locale detect(String text) {
        return text.codePoints().anyMatch(c -> {
            Character.UnicodeScript s = Character.UnicodeScript.of(c);
            return s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA
                || s == Character.UnicodeScript.HAN;
        }) ? Locale.JAPANESE : Locale.ENGLISH;
    }

    /**
     * Writes JSON lines ({@code examples} holds the question followed by the phrasings).
     *
     * @param out     the output
     * @param entries the entries
     */
    public static void writeJsonl(Writer out, Collection<FaqEntry> entries) {
        try {
            for (FaqEntry e : entries) {
                ObjectNode o = JSON.createObjectNode();
                o.put("id", e.id());
                o.put("locale", e.locale().toLanguageTag());
                o.put("question", e.question());
                o.put("answer", e.answer());
                var ex = o.putArray("examples");
                ex.add(e.question());
                e.phrasings().forEach(ex::add);
                e.links().forEach(o.putArray("links")::add);
                o.put("category", e.category());
                e.tags().forEach(o.putArray("tags")::add);
                o.put("published", e.published());
                out.write(JSON.writeValueAsString(o));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes CSV with a header row.
     *
     * @param out     the output
     * @param entries the entries
     */
    public static void writeCsv(Writer out, Collection<FaqEntry> entries) {
        try {
            writeRow(out, CSV_HEADER);
            for (FaqEntry e : entries) {
                writeRow(out, List.of(e.id(), e.locale().toLanguageTag(), e.question(),
                    String.join("\n", e.phrasings()),
                    e.answer(), String.join("\n", e.links()), e.category(), String.join("\n", e.tags()),
                    Boolean.toString(e.published())));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRow(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write('"');
            out.write(cells.get(i).replace("\"", "\"\""));
            out.write('"');
        }
        out.write("\r\n");
    }

    /**
     * Reads CSV as {@link #writeCsv} writes it: a header row names the columns (in any order); {@code id},
     * {@code question} and {@code answer} are required, the others optional. {@code published} is {@code true},
     * {@code false} or empty (true). A published FAQ needs a non-blank answer; ids must be unique, and the file
     * must hold at least one FAQ.
     *
     * @param in the input
     * @return the entries (version 0), in file order
     * @throws FaqFileException naming the line (where the record starts) and column of the first problem: a
     *                          missing column, an unterminated quoted cell, an invalid value, an FAQ without an
     *                          answer, a duplicate id, or no FAQ at all
     * @throws FaqFileException for the whole file (line 0) when the input is not valid text in its encoding
     * @throws UncheckedIOException if the input cannot be read
     */
    public static List<FaqEntry> readCsv(Reader in) {
        List<CsvRecord> rows = parseCsv(in);
        if (rows.isEmpty()) {
            throw new FaqFileException(0, "", "contains no FAQs");
        }
        List<String> header = rows.get(0).cells();
        for (String required : List.of("id", "question", "answer")) {
            if (!header.contains(required)) {
                throw new FaqFileException(rows.get(0).line(), required, "missing column in the header row");
            }
        }
        List<FaqEntry> out = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        for (CsvRecord record : rows.subList(1, rows.size())) {
            List<String> row = record.cells();
            int line = record.line();
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue;
            }
            if (row.size() > header.size()) {
                throw new FaqFileException(line, "", "has " + row.size() + " cells, the header " + header.size());
            }
            String question = cell(header, row, "question");
            String loc = cell(header, row, "locale");
            String pub = cell(header, row, "published");
            if (!pub.isEmpty() && !pub.equals("true") && !pub.equals("false")) {
                throw new FaqFileException(line, "published", "must be true, false or empty; was '" + pub + "'");
            }
            boolean isPublished = !pub.equals("false");
            String answer = cell(header, row, "answer");
            if (answer.isBlank() && isPublished) {
                throw new FaqFileException(line, "answer", "must not be empty: a published FAQ needs an answer");
            }
            FaqEntry e;
            try {
                e = FaqEntry.builder(cell(header, row, "id"))
                    .locale(loc.isEmpty() ? detect(question) : Locale.forLanguageTag(loc))
                    .question(question)
                    .phrasings(lines(cell(header, row, "phrasings")))
                    .answer(answer)
                    .links(lines(cell(header, row, "links")))
                    .category(cell(header, row, "category"))
                    .tags(lines(cell(header, row, "tags")))
                    .published(isPublished)
                    .build();
            } catch (ValidationException x) {
                throw entryProblem(line, x, "phrasings");
            }
            unique(lineOfId, e.id(), line);
            out.add(e);
        }
        if (out.isEmpty()) {
            throw new FaqFileException(0, "", "contains no FAQs");
        }
        return List.copyOf(out);
    }

    private static String cell(List<String> header, List<String> row, String name) {
        int i = header.indexOf(name);
        return i < 0 || i >= row.size() ? "" : row.get(i);
    }

    private static List<String> lines(String cell) {
        return cell.isEmpty() ? List.of() : List.of(cell.split("\r?\n"));
    }

    /** One CSV record and the line it starts on. */
    private record CsvRecord(int line, List<String> cells) {
    }

    private static List<CsvRecord> parseCsv(Reader in) {
        List<CsvRecord> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int rowLine = 1;
        int quoteLine = 0;
        BufferedReader r = new BufferedReader(in);
        try {
            int c;
            while ((c = r.read()) != -1) {
                if (quoted) {
                    if (c == '"') {
                        int next = r.read();
                        if (next == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            if (next == -1) {
                                break;
                            }
                            c = next;
                        }
                        if (quoted) {
                            continue;
                        }
                    } else {
                        line += c == '\n' ? 1 : 0;
                        cell.append((char) c);
                        continue;
                    }
                }
                if (c == '"') {
                    quoted = true;
                    quoteLine = line;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(new CsvRecord(rowLine, row));
                    row = new ArrayList<>();
                    line++;
                    rowLine = line;
                } else if (c != '\r') {
                    cell.append((char) c);
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            // the reader decodes ahead of the characters read, so the line is not known
            throw new FaqFileException(0, "", "is not valid text in its encoding (expected UTF-8)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (quoted) {
            throw new FaqFileException(quoteLine, "", "has a quoted cell that is never closed");
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(new CsvRecord(rowLine, row));
        }
        return rows;
    }
}
