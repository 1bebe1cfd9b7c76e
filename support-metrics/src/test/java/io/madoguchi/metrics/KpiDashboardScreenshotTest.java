package io.madoguchi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through its own ChromeDriver (never Selenium
 * Manager, which would download one), renders four weeks of a shop's KPIs; the test checks the layout through the DOM
 * and the pixels of the screenshot, which it leaves at {@code target/dashboard/dashboard.png} to be looked at.
 */
class KpiDashboardScreenshotTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int WIDTH = 1280;

    @Test
    void theDashboardRendersEveryChartVisiblyInHeadlessChromiumAndTheScreenshotShowsThem() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
            .as("the dashboard screenshot needs Debian's chromium and chromium-driver at %s and %s"
                + " (apt-get install chromium chromium-driver fonts-ipafont-gothic; .ci/run installs them)",
                CHROMIUM, CHROMEDRIVER)
            .isTrue();
        Path dir = Files.createDirectories(Path.of("target", "dashboard"));
        Path html = dir.resolve("dashboard.html");
        KpiEngine engine = SampleMonth.build().feed(KpiEngine.builder().zone(Script.TOKYO).build());
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            KpiDashboard.write(engine, SampleMonth.FIRST, SampleMonth.LAST, w);
        }

        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=" + WIDTH + ",1000",
            "--user-data-dir=" + Files.createTempDirectory(dir, "profile").toAbsolutePath());
        ChromeDriver driver = new ChromeDriver(service, options);
        byte[] png;
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.get(html.toAbsolutePath().toUri().toString());
            JavascriptExecutor js = driver;
            long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
            driver.manage().window().setSize(new Dimension(WIDTH, (int) height + 140));

            assertThat(driver.getTitle()).isEqualTo("サポートKPI / Support KPIs");
            List<WebElement> charts = driver.findElements(By.cssSelector("figure.chart"));
            assertThat(charts).extracting(c -> c.getAttribute("data-kpi")).containsExactly("first_reply",
                "resolution", "sla", "csat", "nps", "deflection", "backlog_age", "channel_mix", "themes",
                "rising_themes", "complaints");
            long pageWidth = (Long) js.executeScript("return document.documentElement.scrollWidth");
            assertThat(pageWidth).as("nothing wider than the window").isLessThanOrEqualTo(WIDTH);
            Set<Integer> rows = new HashSet<>();
            for (WebElement chart : charts) {
                String kpi = chart.getAttribute("data-kpi");
                assertThat(chart.isDisplayed()).as(kpi).isTrue();
                WebElement svg = chart.findElement(By.tagName("svg"));
                Rectangle box = svg.getRect();
                assertThat(box.getWidth()).as(kpi).isEqualTo(560);
                assertThat(box.getHeight()).as(kpi).isEqualTo(200);
                assertThat(box.getX() + box.getWidth()).as(kpi + " inside the window").isLessThanOrEqualTo(WIDTH);
                rows.add(chart.getRect().getY());
                List<WebElement> marks = chart.findElements(By.cssSelector("polyline, rect"));
                long drawn = marks.stream().filter(m -> m.getRect().getWidth() > 0 || m.getRect().getHeight() > 0)
                    .count();
                assertThat(drawn).as(kpi + " draws its data").isPositive();
                assertThat(chart.findElements(By.cssSelector("text.empty"))).as(kpi + " has data").isEmpty();
                assertThat(chart.findElement(By.tagName("figcaption")).getText()).as(kpi)
                    .matches(".*[\\p{IsHan}\\p{IsKatakana}\\p{IsHiragana}].*[A-Za-z].*");
            }
            assertThat(rows).as("two charts to a row at %d px", WIDTH).hasSize((charts.size() + 1) / 2);
            png = driver.getScreenshotAs(OutputType.BYTES);
        } finally {
            driver.quit();
            service.stop();
        }
        Files.write(dir.resolve("dashboard.png"), png);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isGreaterThan(1400);
        Set<Integer> colours = new HashSet<>();
        long blue = 0;
        long orange = 0;
        long ink = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                blue += near(rgb, 0x2563eb) ? 1 : 0;
                orange += near(rgb, 0xf97316) ? 1 : 0;
                ink += luminance(rgb) < 110 ? 1 : 0;
            }
        }
        long pixels = (long) image.getWidth() * image.getHeight();
        assertThat(colours).as("not a blank page").hasSizeGreaterThan(200);
        assertThat(blue).as("the blue series and bars are painted").isGreaterThan(pixels / 200);
        assertThat(orange).as("the orange p90 and second series are painted").isGreaterThan(pixels / 2000);
        assertThat(ink).as("text is painted").isGreaterThan(pixels / 500);
    }

    private static boolean near(int rgb, int target) {
        int dr = ((rgb >> 16) & 0xff) - ((target >> 16) & 0xff);
        int dg = ((rgb >> 8) & 0xff) - ((target >> 8) & 0xff);
        int db = (rgb & 0xff) - (target & 0xff);
        return dr * dr + dg * dg + db * db < 40 * 40;
    }

    private static int luminance(int rgb) {
        return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
    }
}
