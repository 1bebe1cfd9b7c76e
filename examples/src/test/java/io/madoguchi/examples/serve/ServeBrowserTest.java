package io.madoguchi.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.examples.demo.DemoDay;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code madoguchi serve} in a real browser: Debian's headless Chromium through its own chromedriver (never a
 * download). A visitor asks the shop's chat in Japanese, gets the bot's answer, says it did not help; an agent signs
 * in to the inbox, reads the conversation with the bot's internal note, replies; the reply reaches the visitor's open
 * page over the event stream. Screenshots of both pages go to {@code target/}.
 */
class ServeBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private HikariDataSource dataSource;
    private ServeApp app;
    private final List<WebDriver> browsers = new java.util.ArrayList<>();
    private final List<ChromeDriverService> services = new java.util.ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("desk").toAbsolutePath());
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        JdbcSchema.migrate(dataSource);
        JdbcOutboxStore.migrate(dataSource);
        app = ServeApp.start(ServeApp.Options.of(0, DemoDay.Stores.jdbc(dataSource, Clock.systemUTC()),
            new JdbcOutboxStore(dataSource), Map.of("sato", "sato-password-1"),
            "browser-test-chat-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
            ServeProviders.builder().line("line-secret", "line-token").slack("slack-secret", "xoxb-slack-token")
                .build()));
    }

    @AfterEach
    void stop() {
        browsers.forEach(WebDriver::quit);
        services.forEach(ChromeDriverService::stop);
        if (app != null) {
            app.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    private WebDriver browser(String name) throws Exception {
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        services.add(service);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            "--window-size=1280,900", "--lang=ja",
            "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome-" + name)).toAbsolutePath());
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        return driver;
    }

    /** Saves the whole page: the window is made as tall as the page (at most 3,000 pixels) first. */
    private static void screenshot(WebDriver driver, String file) throws Exception {
        long height = (Long) ((ChromeDriver) driver).executeScript(
            "return Math.min(3000, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(1280, (int) Math.max(900, height)));
        Path target = Path.of("target", file);
        Files.createDirectories(target.getParent());
        Files.write(target, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static WebElement message(WebDriverWait wait, String author, String containing) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
            "//li[contains(@class,'mdg-" + author + "')][.//p[contains(., '" + containing + "')]]")));
    }

    @Test
    void aVisitorsQuestionIsAnsweredByTheBotHandedOverAndTheAgentsReplyArrivesOverTheStream() throws Exception {
        String base = "http://localhost:" + app.port();
        WebDriver visitor = browser("visitor");
        WebDriverWait visitorWait = new WebDriverWait(visitor, WAIT);
        visitor.get(base + "/");
        assertThat(visitor.getTitle()).contains("窓口ショップ");
        visitorWait.until(ExpectedConditions.elementToBeClickable(By.id("mdg-launcher"))).click();
        WebElement input = visitorWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mdg-input")));
        input.sendKeys("サイズが合わないので返品したいです");
        visitor.findElement(By.id("mdg-send")).click();

        message(visitorWait, "customer", "サイズが合わないので返品したいです");
        WebElement answer = message(visitorWait, "bot", "返品・交換の方法を知りたい");
        assertThat(answer.getText()).contains("商品到着後30日以内", "「はい」または「いいえ」");
        visitorWait.until(ExpectedConditions.elementToBeClickable(By.className("mdg-quick-no"))).click();
        message(visitorWait, "customer", "いいえ");
        message(visitorWait, "bot", "担当者に引き継ぎました");

        WebDriver agent = browser("agent");
        WebDriverWait agentWait = new WebDriverWait(agent, WAIT);
        agent.get(base + "/inbox");
        agentWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent"))).sendKeys("sato");
        agent.findElement(By.id("password")).sendKeys("sato-password-1");
        agent.findElement(By.id("login")).click();
        agentWait.until(ExpectedConditions.elementToBeClickable(By.className("ticket-link"))).click();
        WebElement conversation = agentWait.until(ExpectedConditions.visibilityOfElementLocated(
            By.id("conversation")));
        assertThat(conversation.getText()).contains("サイズが合わないので返品したいです", "いいえ");
        assertThat(agent.findElements(By.cssSelector("#conversation li.internal"))).isNotEmpty();

        agent.findElement(By.id("note-text")).sendKeys("社内メモ: 注文番号を確認してから返信");
        agent.findElement(By.id("note-add")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "注文番号を確認"));
        agentWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reply-text")))
            .sendKeys("担当の佐藤です。返品を承りました。返送用の伝票をお送りします。");
        agent.findElement(By.id("reply-send")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "返送用の伝票"));
        screenshot(agent, "serve-inbox.png");

        // the visitor's page was never reloaded: the reply can only have come over the event stream
        WebElement reply = message(visitorWait, "agent", "返送用の伝票をお送りします");
        assertThat(reply.getText()).contains("担当者");
        assertThat(visitor.findElement(By.className("mdg-log")).getText()).doesNotContain("社内メモ", "注文番号を確認");
        screenshot(visitor, "serve-visitor.png");
        assertThat(Path.of("target", "serve-visitor.png")).isNotEmptyFile();
        assertThat(Path.of("target", "serve-inbox.png")).isNotEmptyFile();
    }
}
