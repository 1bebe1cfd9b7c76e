package io.madoguchi.channels.email;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ticket.Attachment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.jspecify.annotations.Nullable;

/**
 * Parses raw MIME mail with Apache James mime4j under {@link MailLimits}: the raw lines are checked first (length,
 * the header block is made of header fields, their count), then mime4j parses with the same limits. Headers are
 * decoded with {@link EncodedWords}, text parts with {@link MailCharsets}; the first {@code text/plain} part that is
 * not an attachment is the text ({@code text/html} with its tags removed if there is none), split with
 * {@link ReplyText}. Thread-safe.
 */
public final class MailParser {

    private static final Pattern ID = Pattern.compile("<([^<>\\s]{1,400})>");
    private static final Pattern HEADER = Pattern.compile("^[\\x21-\\x39\\x3b-\\x7e]+[ \\t]*:");
    private static final int MAX_REFERENCES = 50;
    private static final int MAX_TEXT = 60_000;

    private final MailLimits limits;

    /** @param limits the bounds */
    public MailParser(MailLimits limits) {
        this.limits = requireNonNull(limits, "limits");
    }

    /** @return a parser with {@link MailLimits#DEFAULT} */
    public static MailParser withDefaults() {
        return new MailParser(MailLimits.DEFAULT);
    }

    /**
     * @param raw the raw mail, as it came over SMTP
     * @return the parsed mail
     * @throws MailFormatException if it is not MIME, is malformed, or passes a limit
     */
    public ParsedMail parse(byte[] raw) {
        requireNonNull(raw, "raw");
        if (raw.length > limits.maxBytes()) {
            throw new MailFormatException(0, "mail", "is " + raw.length + " bytes, more than the limit of "
                + limits.maxBytes(), true);
        }
        scan(raw);
        Message message;
        try {
            MimeConfig config = new MimeConfig.Builder().setMaxLineLen(limits.maxLineLength() + 2)
                .setMaxHeaderCount(limits.maxHeaders()).setMaxHeaderLen(Math.max(limits.maxLineLength() * 4, 10_000))
                .setMaxContentLen(Math.max(limits.maxBodyBytes(), limits.maxAttachmentBytes()) * 2L).build();
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(config);
            builder.setDecodeMonitor(DecodeMonitor.SILENT);
            message = builder.parseMessage(new ByteArrayInputStream(raw));
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof MimeException m ? m : e;
            String name = cause.getClass().getSimpleName();
            throw new MailFormatException(0, "mime", "cannot be parsed: " + name,
                name.contains("Limit") || name.contains("Exceeded"));
        }
        try {
            return read(message, raw);
        } finally {
            message.dispose();
        }
    }

    /** Checks lines and the header block on the raw bytes, so an error names its line. */
    private void scan(byte[] raw) {
        int line = 1;
        int start = 0;
        boolean header = true;
        int headers = 0;
        boolean from = false;
        int headerEnd = 1;
        for (int i = 0; i <= raw.length; i++) {
            if (i < raw.length && raw[i] != '\n') {
                continue;
            }
            int end = i > start && raw[i - 1] == '\r' ? i - 1 : i;
            int length = end - start;
            if (length > limits.maxLineLength()) {
                throw new MailFormatException(line, "line", "is " + length + " bytes, more than the limit of "
                    + limits.maxLineLength(), true);
            }
            if (header) {
                String l = new String(raw, start, Math.min(length, 200), StandardCharsets.ISO_8859_1);
                headerEnd = line;
                if (length == 0) {
                    header = false;
                } else if (line == 1 && l.startsWith("From ")) {
                    // an mbox separator line
                } else if (l.charAt(0) == ' ' || l.charAt(0) == '\t') {
                    if (headers == 0) {
                        throw new MailFormatException(line, "header", "is a continuation line with no field before it",
                            false);
                    }
                } else if (HEADER.matcher(l).find()) {
                    headers++;
                    from |= l.regionMatches(true, 0, "From:", 0, 5) || l.regionMatches(true, 0, "From :", 0, 6);
                    if (headers > limits.maxHeaders()) {
                        throw new MailFormatException(line, "header", "is header field number " + headers
                            + ", more than the limit of " + limits.maxHeaders(), true);
                    }
                } else {
                    throw new MailFormatException(line, "header",
                        "is not a header field ('Name: value'): this is not a MIME mail", false);
                }
            }
            start = i + 1;
            line++;
        }
        if (headers == 0) {
            throw new MailFormatException(1, "header", "no header fields: this is not a MIME mail", false);
        }
        if (!from) {
            throw new MailFormatException(headerEnd, "From", "is missing from the header", false);
        }
    }

    private ParsedMail read(Message message, byte[] raw) {
        String messageId = firstId(header(message, "Message-ID"));
        String inReplyTo = firstId(header(message, "In-Reply-To"));
        List<String> references = ids(header(message, "References"));
        List<Mailbox> fromBoxes = mailboxes(header(message, "From"));
        if (fromBoxes.isEmpty()) {
            throw new MailFormatException(0, "From", "has no address", false);
        }
        Mailbox sender = fromBoxes.get(0);
        List<String> to = new ArrayList<>();
        for (String name : List.of("To", "Cc")) {
            for (Mailbox m : mailboxes(header(message, name))) {
                to.add(m.getAddress());
            }
        }
        String subjectHeader = header(message, "Subject");
        String subject = oneLine(EncodedWords.decode(subjectHeader == null ? "" : subjectHeader));
        Parts parts = new Parts();
        walk(message, parts, 0);
        String body = parts.text == null ? "" : parts.text;
        ReplyText split = ReplyText.split(body);
        String key = messageId != null ? messageId : "sha256:" + sha256(raw);
        return new ParsedMail(messageId, inReplyTo, references, sender.getAddress(),
            sender.getName() == null ? "" : oneLine(sender.getName()), to, subject, clean(split.text()),
            clean(split.quoted()), clean(split.signature()), parts.charset, parts.attachments,
            date(header(message, "Date")), key);
    }

    private static final class Parts {
        @Nullable String text;
        @Nullable String html;
        @Nullable String charset;
        @Nullable String htmlCharset;
        final List<Attachment> attachments = new ArrayList<>();
        int count;
    }

    private void walk(Entity entity, Parts parts, int depth) {
        if (++parts.count > limits.maxParts()) {
            throw new MailFormatException(0, "parts", "more than the limit of " + limits.maxParts() + " MIME parts",
                true);
        }
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            if (depth > 20) {
                throw new MailFormatException(0, "parts", "are nested more than 20 deep", false);
            }
            for (Entity part : multipart.getBodyParts()) {
                walk(part, parts, depth + 1);
            }
            return;
        }
        if (!(body instanceof SingleBody single)) {
            return; // message/rfc822 as a body: a forwarded mail, kept out of the text
        }
        String type = entity.getMimeType() == null ? "text/plain" : entity.getMimeType().toLowerCase(Locale.ROOT);
        boolean attachment = "attachment".equalsIgnoreCase(entity.getDispositionType())
            || entity.getFilename() != null;
        if (!attachment && type.equals("text/plain") && parts.text == null) {
            byte[] bytes = bytes(single, limits.maxBodyBytes(), "body");
            parts.charset = label(entity);
            parts.text = decode(bytes, parts.charset);
        } else if (!attachment && type.equals("text/html") && parts.html == null) {
            byte[] bytes = bytes(single, limits.maxBodyBytes(), "body");
            parts.htmlCharset = label(entity);
            parts.html = decode(bytes, parts.htmlCharset);
        } else {
            byte[] bytes = bytes(single, limits.maxAttachmentBytes(), "attachment");
            if (parts.attachments.size() < 20) {
                String name = oneLine(filename(entity));
                if (name.isBlank()) {
                    name = "attachment-" + (parts.attachments.size() + 1);
                }
                parts.attachments.add(new Attachment(truncate(name, 255), truncate(type, 255), bytes.length,
                    "email-part:" + parts.count));
            }
        }
        if (depth == 0 || parts.text == null && parts.html != null) {
            if (parts.text == null && parts.html != null) {
                parts.text = html(parts.html);
                parts.charset = parts.htmlCharset;
            }
        }
    }

    private static final Pattern FILENAME = Pattern.compile(
        "(?i)(?:file)?name\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]+))");
    private static final Pattern FILENAME_2231 = Pattern.compile(
        "(?i)(?:file)?name\\*(?:0\\*)?\\s*=\\s*([^';\\s]*)'[^']*'([^;\\s]+)");

    /** The file name as written (RFC 2231 or an encoded-word), decoded by our charsets rather than mime4j's. */
    private static String filename(Entity entity) {
        for (String header : List.of("Content-Disposition", "Content-Type")) {
            Field f = entity.getHeader() == null ? null : entity.getHeader().getField(header);
            if (f == null || f.getBody() == null) {
                continue;
            }
            Matcher ext = FILENAME_2231.matcher(f.getBody());
            if (ext.find()) {
                Charset cs = MailCharsets.forLabel(ext.group(1));
                return MailCharsets.decode(percent(ext.group(2)), cs != null ? cs : StandardCharsets.UTF_8);
            }
            Matcher m = FILENAME.matcher(f.getBody());
            if (m.find()) {
                return EncodedWords.decode(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        return "";
    }

    private static byte[] percent(String s) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                && Character.digit(s.charAt(i + 2), 16) >= 0) {
                b.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    private static String label(Entity entity) {
        String cs = entity.getCharset();
        return cs == null ? "us-ascii" : cs.strip().replace("\"", "").toLowerCase(Locale.ROOT);
    }

    private static String decode(byte[] bytes, String label) {
        Charset charset = MailCharsets.forLabel(label);
        return MailCharsets.decode(bytes, charset != null ? charset : StandardCharsets.UTF_8);
    }

    private static byte[] bytes(SingleBody body, int max, String field) {
        try (InputStream in = body.getInputStream()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new MailFormatException(0, field, "is more than the limit of " + max + " bytes", true);
            }
            return b;
        } catch (IOException e) {
            throw new MailFormatException(0, field, "cannot be decoded: " + e.getClass().getSimpleName(), false);
        }
    }

    private static final List<String> RAW_TEXT = List.of("script", "style");
    private static final List<String> LINE_ENDS = List.of("br", "/p", "/div", "/li", "/tr");

    /**
     * The text of an HTML part in one pass, linear in its length (regular expressions with a lazy group between
     * a {@code <style>} and its {@code </style>}, and with {@code <[^>]*>}, were quadratic on a part of many
     * unclosed openings). A tag is {@code <} up to the next {@code >} and is dropped; {@code <br>} and the ends of
     * paragraphs, divisions, list items and table rows become line breaks; a {@code <} without a later {@code >}
     * is text. A {@code <script>} or {@code <style>} element is dropped with its content up to its end tag, whose
     * name is matched without regard to case; one that is never closed hides the rest of the part, as it does in a
     * browser or mail client, which read everything after it as script or style sheet.
     */
    private static String html(String html) {
        StringBuilder b = new StringBuilder(Math.min(html.length(), MAX_TEXT));
        int i = 0;
        while (i < html.length()) {
            int open = html.indexOf('<', i);
            int close = open < 0 ? -1 : html.indexOf('>', open + 1);
            if (close < 0) {
                b.append(html, i, html.length());
                break;
            }
            b.append(html, i, open);
            i = close + 1;
            String raw = tagNamed(html, open + 1, close, RAW_TEXT);
            if (raw != null) {
                i = endOfElement(html, i, raw);
            } else if (tagNamed(html, open + 1, close, LINE_ENDS) != null) {
                b.append('\n');
            }
        }
        return b.toString().replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    /**
     * The one of {@code names} that names the tag between {@code from} (after its {@code <}) and {@code to} (its
     * {@code >}), in any case: the name followed by the end of the tag, white space or a slash; else null.
     */
    private static @Nullable String tagNamed(String html, int from, int to, List<String> names) {
        for (String name : names) {
            int end = from + name.length();
            if (end <= to && html.regionMatches(true, from, name, 0, name.length())
                && (end == to || Character.isWhitespace(html.charAt(end)) || html.charAt(end) == '/')) {
                return name;
            }
        }
        return null;
    }

    /**
     * Where the text after the end tag of the {@code name} element whose content starts at {@code from} starts;
     * the end of the part if it has none. Each {@code >} is looked for once, so this is linear too.
     */
    private static int endOfElement(String html, int from, String name) {
        List<String> end = List.of("/" + name);
        int close = -1;
        for (int open = html.indexOf("</", from); open >= 0; open = html.indexOf("</", open + 2)) {
            if (close < open + 2) {
                close = html.indexOf('>', open + 2);
                if (close < 0) {
                    return html.length();
                }
            }
            if (tagNamed(html, open + 1, close, end) != null) {
                return close + 1;
            }
        }
        return html.length();
    }

    private static @Nullable String header(Message message, String name) {
        Field f = message.getHeader() == null ? null : message.getHeader().getField(name);
        if (f == null) {
            return null;
        }
        String v = f.getBody();
        return v == null ? null : v;
    }

    private static List<Mailbox> mailboxes(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<Mailbox> out = new ArrayList<>();
        for (Address a : LenientAddressParser.DEFAULT.parseAddressList(value)) {
            if (a instanceof Mailbox m && m.getAddress() != null && m.getAddress().contains("@")) {
                String name = m.getName() == null ? null : EncodedWords.decode(rawName(value, m));
                out.add(new Mailbox(name, m.getLocalPart(), m.getDomain()));
            } else if (a instanceof Group g) {
                for (Mailbox m : g.getMailboxes()) {
                    if (m.getAddress() != null && m.getAddress().contains("@")) {
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }

    /** The display name as written before the address, so our decoder (not mime4j's) reads its encoded-words. */
    private static String rawName(String value, Mailbox m) {
        int at = value.indexOf("<" + m.getAddress());
        if (at < 0) {
            return m.getName();
        }
        int start = Math.max(value.lastIndexOf(',', at - 1) + 1, 0);
        String name = value.substring(start, at).strip();
        if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
            name = name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return name.isEmpty() ? m.getName() : name;
    }

    private static @Nullable String firstId(@Nullable String value) {
        if (value == null) {
            return null;
        }
        Matcher m = ID.matcher(value);
        if (m.find()) {
            return m.group(1);
        }
        String bare = value.strip();
        return bare.isEmpty() || bare.length() > 400 || bare.chars().anyMatch(Character::isWhitespace) ? null : bare;
    }

    private static List<String> ids(@Nullable String value) {
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Matcher m = ID.matcher(value);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out.size() > MAX_REFERENCES ? out.subList(out.size() - MAX_REFERENCES, out.size()) : out;
    }

    private static @Nullable Instant date(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            String v = value.replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip().replaceAll("\\s+", " ");
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Line breaks as {@code \n}; control characters other than tab and line break removed; bounded. */
    static String clean(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_TEXT));
        String s = text.replace("\r\n", "\n").replace('\r', '\n');
        for (int i = 0; i < s.length() && b.length() < MAX_TEXT; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t' || !Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
                b.append(c);
            }
        }
        if (b.length() >= MAX_TEXT && Character.isHighSurrogate(b.charAt(b.length() - 1))) {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        return clean(s).replace('\n', ' ').replace('\t', ' ').strip();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
