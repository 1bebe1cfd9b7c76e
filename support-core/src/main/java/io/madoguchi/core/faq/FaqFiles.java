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
import java.util.List;
import java.util.Locale;

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
     * Reads JSON lines.
     *
     * @param in            the input
     * @param defaultLocale locale of lines without {@code locale}; when null, detected per line (Japanese
     *                      script means ja, otherwise en)
     * @return the entries (version 0)
     * @throws ValidationException naming the line and field of the first invalid line
     */
    public static List<FaqEntry> readJsonl(Reader in, @org.jspecify.annotations.Nullable Locale defaultLocale) {
        List<FaqEntry> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(in);
        try {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(fromJson(JSON.readTree(line), defaultLocale));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw ValidationException.of("line " + n, "is not valid JSON: " + e.getOriginalMessage());
                } catch (ValidationException e) {
                    throw ValidationException.of("line " + n + "." + e.violations().get(0).field(),
                        e.violations().get(0).message());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    private static FaqEntry fromJson(JsonNode n, @org.jspecify.annotations.Nullable Locale defaultLocale) {
        String question = text(n, "question");
        Locale locale = n.hasNonNull("locale") ? Locale.forLanguageTag(n.get("locale").asText())
            : defaultLocale != null ? defaultLocale : detect(question);
        List<String> examples = list(n, "examples");
        if (examples.isEmpty()) {
            examples = list(n, "phrasings");
        }
        return FaqEntry.builder(text(n, "id"))
            .locale(locale)
            .question(question)
            .phrasings(examples.stream().filter(e -> !e.equals(question)).toList())
            .answer(text(n, "answer"))
            .links(list(n, "links"))
            .category(text(n, "category"))
            .tags(list(n, "tags"))
            .published(!n.has("published") || n.get("published").asBoolean(true))
            .build();
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

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static List<String> list(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = n.get(field);
        if (v != null && v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        }
        return out;
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
                writeRow(out, List.of(e.id(), e.locale().toLanguageTag(), e.question(), String.join("\n", e.phrasings()),
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
     * Reads CSV written by {@link #writeCsv} (columns found by header name; {@code id} and
     * {@code question} required).
     *
     * @param in the input
     * @return the entries (version 0)
     * @throws ValidationException naming the row and field when a row is invalid or a column missing
     */
    public static List<FaqEntry> readCsv(Reader in) {
        List<List<String>> rows = parseCsv(in);
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0);
        for (String required : List.of("id", "question")) {
            if (!header.contains(required)) {
                throw ValidationException.of("header", "missing column '" + required + "'");
            }
        }
        List<FaqEntry> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue;
            }
            try {
                String question = cell(header, row, "question");
                String loc = cell(header, row, "locale");
                String pub = cell(header, row, "published");
                out.add(FaqEntry.builder(cell(header, row, "id"))
                    .locale(loc.isEmpty() ? detect(question) : Locale.forLanguageTag(loc))
                    .question(question)
                    .phrasings(lines(cell(header, row, "phrasings")))
                    .answer(cell(header, row, "answer"))
                    .links(lines(cell(header, row, "links")))
                    .category(cell(header, row, "category"))
                    .tags(lines(cell(header, row, "tags")))
                    .published(pub.isEmpty() || Boolean.parseBoolean(pub))
                    .build());
            } catch (ValidationException e) {
                throw ValidationException.of("row " + r + "." + e.violations().get(0).field(),
                    e.violations().get(0).message());
            }
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

    private static List<List<String>> parseCsv(Reader in) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        try {
            int c;
            while ((c = in.read()) != -1) {
                if (quoted) {
                    if (c == '"') {
                        int next = in.read();
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
                        cell.append((char) c);
                        continue;
                    }
                }
                if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else if (c != '\r') {
                    cell.append((char) c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }
}
