package io.madoguchi.examples.cli;

import picocli.CommandLine.Option;

/** The {@code --store} and {@code --db-user} options shared by the commands that work on a desk's database. */
final class StoreOptions {

    @Option(names = "--store", paramLabel = "URL",
        description = "h2:PATH (an H2 database file) or jdbc:postgresql://HOST[:PORT]/DB")
    String store;

    @Option(names = "--db-user", paramLabel = "USER",
        description = "PostgreSQL user; the password is read from the environment variable "
            + StoreOption.PASSWORD_ENV + ".")
    String dbUser;
}
