package io.madoguchi.core.ticket;

import io.madoguchi.core.internal.Masked;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Metadata of a file attached to a message; the bytes live wherever the host keeps them ({@code uri}). Immutable and
 * thread-safe.
 *
 * @param name the file name, 1 to 255 characters
 * @param contentType the media type, for example {@code image/png}
 * @param size the size in bytes, zero or more
 * @param uri where the host stores the file
 */
public record Attachment(
    @NotBlank @Size(max = 255) String name,
    @NotBlank @Size(max = 255) String contentType,
    @PositiveOrZero long size,
    @NotNull @Size(max = 2048) String uri) {

    /** @return a description without the file name or the address (they may name the customer), for logs */
    @Override
    public String toString() {
        return "Attachment[name=" + Masked.chars(name) + ", " + contentType + ", " + size + " bytes]";
    }
}
