package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A database password never reaches the terminal, whatever form the driver's message gives it. */
class StoreRedactionTest {

    @Test
    void aPasswordInTheUrlIsNotPrintedWhenTheDatabaseCannotBeReached() throws Exception {
        CliTestRun r = CliTestRun.of("inspect", "--store", "jdbc:postgresql://u:secret@127.0.0.1:1/x",
            "--db-user", "u");
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith("--store: ").doesNotContain("secret");
    }

    @Test
    void everyFormOfAPasswordIsRedactedAnywhereInAMessage() {
        assertThat(StoreOption.redacted("Connection to u:secret@127.0.0.1:1 refused", null))
            .isEqualTo("Connection to u:***@127.0.0.1:1 refused");
        assertThat(StoreOption.redacted("jdbc:postgresql://u:secret@h/db?sslmode=require&password=secret", null))
            .doesNotContain("secret").contains("sslmode=require");
        assertThat(StoreOption.redacted("FATAL: password authentication failed (sent 'hunter22')", "hunter22"))
            .isEqualTo("FATAL: password authentication failed (sent '***')");
        assertThat(StoreOption.redacted("Connection to db.example.jp:5432 refused. Check that", null))
            .isEqualTo("Connection to db.example.jp:5432 refused. Check that");
    }
}
