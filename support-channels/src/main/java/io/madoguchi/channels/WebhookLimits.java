package io.madoguchi.channels;

/**
 * How much of a webhook request is read: anything larger is refused before it is parsed. Immutable.
 *
 * @param maxBodyBytes the largest body, in bytes
 * @param maxHeaders the most header lines
 * @param maxHeaderBytes the most bytes over all header names and values
 */
public record WebhookLimits(int maxBodyBytes, int maxHeaders, int maxHeaderBytes) {

    /** 1 MiB body, 100 headers, 32 KiB of headers: more than LINE, Slack or Twilio ever send. */
    public static final WebhookLimits DEFAULT = new WebhookLimits(1 << 20, 100, 32 * 1024);

    /**
     * @param maxBodyBytes the largest body, in bytes
     * @param maxHeaders the most header lines
     * @param maxHeaderBytes the most bytes over all header names and values
     * @throws IllegalArgumentException if a limit is not positive
     */
    public WebhookLimits {
        if (maxBodyBytes <= 0 || maxHeaders <= 0 || maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("webhook limits must be positive");
        }
    }
}
