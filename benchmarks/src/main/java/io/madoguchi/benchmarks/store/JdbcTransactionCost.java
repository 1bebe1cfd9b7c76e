package io.madoguchi.benchmarks.store;

/**
 * What a transaction costs PostgreSQL besides its rows: {@link JdbcCreateBenchmark}'s plain inserts (a ticket's four
 * rows, one batch per table) on one connection, in transactions of 1, 2, 4, 8, 16 and 64 tickets, in turns, with the
 * server's CPU time (all its processes) per ticket. Fitting {@code a + C / n} to the figures gives the rows' cost
 * {@code a} and the transaction's {@code C}; the difference between small and large transactions is why the store's
 * group commit prefers fewer, larger groups ({@code JdbcDeskStore.SECOND_GROUP_AFTER}).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.store.JdbcTransactionCost [ROUNDS] [SECONDS]
 * </pre>
 *
 * Defaults: 3 rounds of 3 s per size, the first a warm-up that is not printed.
 */
public final class JdbcTransactionCost {

    private static final int[] SIZES = {1, 2, 4, 8, 16, 64};

    private JdbcTransactionCost() {}

    /**
     * @param args rounds, seconds per size
     * @throws Exception if PostgreSQL does not start or an insert fails
     */
    public static void main(String[] args) throws Exception {
        int rounds;
        double seconds;
        try {
            rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
            seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        } catch (NumberFormatException e) {
            rounds = 0;
            seconds = 0;
        }
        if (rounds < 2 || !(seconds > 0) || args.length > 2) {
            System.err.println("usage: JdbcTransactionCost [ROUNDS >= 2] [SECONDS > 0]");
            System.exit(2);
            return;
        }
        JdbcCreateBenchmark bench = new JdbcCreateBenchmark();
        bench.start();
        try {
            double[] mean = new double[SIZES.length];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < SIZES.length; k++) {
                    int size = SIZES[k];
                    long end = System.nanoTime() + (long) (seconds * 1e9);
                    long tickets = 0;
                    long server = CpuTime.treeNanos(bench.serverPid());
                    long jvm = CpuTime.jvmNanos();
                    long wall = System.nanoTime();
                    while (System.nanoTime() < end) {
                        bench.insertRaw(size);
                        tickets += size;
                    }
                    double serverUs = (CpuTime.treeNanos(bench.serverPid()) - server) / 1e3 / tickets;
                    double jvmUs = (CpuTime.jvmNanos() - jvm) / 1e3 / tickets;
                    double wallUs = (System.nanoTime() - wall) / 1e3 / tickets;
                    if (r > 0) {
                        mean[k] += serverUs / (rounds - 1);
                        System.out.printf("round %d, %2d tickets per transaction: PostgreSQL CPU %6.1f us, JVM CPU "
                            + "%6.1f us, wall %6.1f us per ticket%n", r, size, serverUs, jvmUs, wallUs);
                    }
                }
            }
            // a + C / n through the means at 4 and 64 tickets per transaction
            double at4 = mean[2];
            double at64 = mean[5];
            double perTransaction = (at4 - at64) / (1.0 / 4 - 1.0 / 64);
            System.out.printf("mean PostgreSQL CPU per ticket: %s; fitted: %.0f us per transaction, %.0f us per "
                + "ticket's rows%n", means(mean), perTransaction, at64 - perTransaction / 64);
        } finally {
            bench.stop();
        }
    }

    private static String means(double[] mean) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < SIZES.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(SIZES[k]).append(" → ").append(String.format("%.1f us", mean[k]));
        }
        return sb.toString();
    }
}
