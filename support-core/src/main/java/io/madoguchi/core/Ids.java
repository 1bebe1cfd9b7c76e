package io.madoguchi.core;

/** Checks shared by the identifier types. */
final class Ids {

    /** The longest identifier accepted. */
    static final int MAX_LENGTH = 128;

    private Ids() {
    }

    static String check(String kind, String value) {
        if (value == null) {
            throw ValidationException.of(kind, "must not be null");
        }
        if (value.isBlank()) {
            throw ValidationException.of(kind, "must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw ValidationException.of(kind, "must be at most " + MAX_LENGTH + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw ValidationException.of(kind, "must not contain control characters");
            }
        }
        return value;
    }
}
