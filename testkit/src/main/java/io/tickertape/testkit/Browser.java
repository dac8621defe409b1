package io.tickertape.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven by Selenium through Debian's {@code chromedriver} (packaged with {@code chromium}, so
 * their versions match): navigate, evaluate JavaScript, collect the page's errors and content security policy
 * violations, take screenshots. Both come from
 * the system's packages; Selenium Manager is never asked for a driver or a browser, so nothing is downloaded.
 */
public final class Browser implements AutoCloseable
{
    /** The browser, from Debian's {@code chromium} package. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** The driver, from Debian's {@code chromium-driver} package. */
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Set (to anything) where the browser must be present, so a test fails instead of skipping without it. */
    public static final String REQUIRE_ENV = "TICKERTAPE_REQUIRE_BROWSER";
    private static final Pattern FAILED_LOAD = Pattern.compile("\\S+ - Failed to load resource: ");
    /** Run in every document before its own scripts: keeps what its content security policy refused. */
    private static final String RECORD_VIOLATIONS = "window.cspViolations = [];" +
        "document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(" +
        "e.effectiveDirective + ' refused ' + (e.blockedURI || '?') + ' at ' + (e.sourceFile || '?') + ':' + e.lineNumber));";

    private final Path profile;
    private final ChromeDriver driver;
    private final List<String> errors = new ArrayList<>();

    /**
     * Start a headless browser on a fresh profile.
     *
     * @param width  the window's width in pixels.
     * @param height the window's height in pixels.
     * @throws IOException if the profile directory cannot be made.
     */
    public Browser(final int width, final int height) throws IOException
    {
        this(width, height, new String[0]);
    }

    /**
     * Start a headless browser on a fresh profile, with more command line switches (such as
     * {@code --ignore-certificate-errors} for a server with a test certificate).
     *
     * @param width     the window's width in pixels.
     * @param height    the window's height in pixels.
     * @param arguments the further switches.
     * @throws IOException if the profile directory cannot be made.
     */
    public Browser(final int width, final int height, final String... arguments) throws IOException
    {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("chromium-profile");
        final LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        final ChromeOptions options = new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height)
            .addArguments(arguments);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30)).pageLoadTimeout(Duration.ofSeconds(30));
        // The page's viewport, not the window around it, is width x height: what a screenshot shows.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
            Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
    }

    /**
     * Whether both packages are installed.
     *
     * @return true if the browser and its driver are executable.
     */
    public static boolean available()
    {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Skip the calling test if the browser is missing, or fail it if {@value #REQUIRE_ENV} is set.
     */
    public static void requireOrSkip()
    {
        if (available())
        {
            return;
        }
        if (null != System.getenv(REQUIRE_ENV))
        {
            throw new AssertionError("Chromium and its driver are required here but missing at " + CHROMIUM + ", " + CHROMEDRIVER);
        }
        Assumptions.abort("Chromium is not installed (apt-get install -y chromium chromium-driver); browser test skipped");
    }

    /**
     * Load a page and wait for it to load.
     *
     * @param url the page.
     */
    public void navigate(final String url)
    {
        driver.get(url);
    }

    /**
     * Evaluate a JavaScript expression in the page.
     *
     * @param expression the expression.
     * @return its value: Long, Double, Boolean, String, List, Map or null.
     */
    public Object eval(final String expression)
    {
        return ((JavascriptExecutor)driver).executeScript("return (" + expression + ");");
    }

    /**
     * The page's errors so far: uncaught exceptions, {@code console.error} and {@code console.assert} failures, and
     * failed loads, each as the browser logged it.
     *
     * @return a copy.
     */
    public synchronized List<String> errors()
    {
        for (final LogEntry entry : driver.manage().logs().get(LogType.BROWSER))
        {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue())
            {
                errors.add(entry.getMessage());
            }
        }
        return List.copyOf(errors);
    }

    /**
     * What the current page's content security policy refused since the page loaded, as the page's
     * {@code securitypolicyviolation} events told it: each as {@code <directive> refused <what> at <file>:<line>}
     * ({@code inline} for an inline script, style or style attribute).
     *
     * @return a copy; empty for a page whose policy refused nothing.
     */
    @SuppressWarnings("unchecked")
    public List<String> cspViolations()
    {
        return List.copyOf((List<String>)eval("window.cspViolations || ['the violation recorder did not run in this page']"));
    }

    /**
     * Whether an error from {@link #errors()} is the network log of a failed load (a refused or cut connection, an
     * error status) rather than a script's error: Chromium logs those as {@code <url> - Failed to load resource: why}.
     *
     * @param error an error as {@link #errors()} gives it.
     * @return true for a failed load.
     */
    public static boolean failedLoad(final String error)
    {
        return FAILED_LOAD.matcher(error).lookingAt();
    }

    /**
     * Save a PNG of the window.
     *
     * @param file where.
     * @throws IOException if it cannot be written.
     */
    public void screenshot(final Path file) throws IOException
    {
        final byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }

    @Override
    public void close()
    {
        try
        {
            driver.quit();
        }
        finally
        {
            try (Stream<Path> files = Files.walk(profile))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
