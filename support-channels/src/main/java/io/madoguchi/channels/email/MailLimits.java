package io.madoguchi.channels.email;

/**
 * How much of a mail is read: anything past a limit refuses the whole mail before anything is stored. Immutable.
 *
 * @param maxBytes the largest raw mail, in bytes
 * @param maxLineLength the longest line, in bytes (RFC 5322 allows 998 plus CRLF)
 * @param maxHeaders the most header fields in one header block
 * @param maxBodyBytes the largest decoded text part
 * @param maxAttachmentBytes the largest decoded attachment
 * @param maxParts the most MIME parts
 */
public record MailLimits(int maxBytes, int maxLineLength, int maxHeaders, int maxBodyBytes, int maxAttachmentBytes,
                         int maxParts) {

    /** 10 MiB of mail, lines of 10,000 bytes, 200 headers, 1 MiB of text, 8 MiB per attachment, 100 parts. */
    public static final MailLimits DEFAULT = new MailLimits(10 << 20, 10_000, 200, 1 << 20, 8 << 20, 100);

    /**
     * @param maxBytes the largest raw mail, in bytes
     * @param maxLineLength the longest line, in bytes (RFC 5322 allows 998 plus CRLF)
     * @param maxHeaders the most header fields in one header block
     * @param maxBodyBytes the largest decoded text part
     * @param maxAttachmentBytes the largest decoded attachment
     * @param maxParts the most MIME parts
     * @throws IllegalArgumentException if a limit is not positive
     */
    public MailLimits {
        if (maxBytes <= 0 || maxLineLength <= 0 || maxHeaders <= 0 || maxBodyBytes <= 0 || maxAttachmentBytes <= 0
            || maxParts <= 0) {
            throw new IllegalArgumentException("mail limits must be positive");
        }
    }
}
