package io.madoguchi.core.integration;

import io.madoguchi.core.store.jdbc.H2FileDatabase;
import io.madoguchi.core.store.jdbc.JdbcImprovementActionStore;
import io.madoguchi.core.store.jdbc.JdbcReviewStore;
import io.madoguchi.core.store.jdbc.JdbcSurveyStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FeedbackRestartTest} with surveys, reviews and actions in an H2 file: at the restart the pool (and with it the
 * database file) is closed and new stores are built on a new pool. The desk store stays in memory across the restart
 * (the desk on a JDBC store is restarted by the two-desk and killed-JVM tests).
 */
class FeedbackRestartOnH2FileTest extends FeedbackRestartTest {

    @RegisterExtension
    final H2FileDatabase database = new H2FileDatabase();

    @BeforeEach
    @Override
    void openStores() {
        build(database.open());
    }

    @Override
    void restartStores() {
        build(database.reopen());
    }

    private void build(DataSource ds) {
        surveyStore = new JdbcSurveyStore(ds, clock);
        reviewStore = new JdbcReviewStore(ds, clock);
        actionStore = new JdbcImprovementActionStore(ds);
    }
}
