package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Embed the bus" example, tried as a new user would: the Java block is compiled exactly as written,
 * then run in a JVM of its own with the flag the README puts beside it, and without it.
 */
class ReadmeEmbedTest
{
    private static final String FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void shouldCompileAndRunTheReadmeExampleWithTheDocumentedFlag() throws Exception
    {
        final String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        final int section = readme.indexOf("Embed the bus");
        assertThat(section).as("README has an 'Embed the bus' section").isNotNegative();
        assertThat(readme.substring(section)).as("the flag is given beside the example").contains("java " + FLAG);
        final Matcher block = JAVA_BLOCK.matcher(readme);
        assertThat(block.find(section)).as("a java block follows the section heading").isTrue();

        final Path source = dir.resolve("Embed.java");
        Files.writeString(source, block.group(1), StandardCharsets.UTF_8);
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int compiled = javac.run(null, diagnostics, diagnostics,
            "-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), source.toString());
        assertThat(compiled).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        final Run withFlag = run(true);
        assertThat(withFlag.exitCode).as(withFlag.output).isZero();
        assertThat(withFlag.output).contains("published 1, dropped 0");

        final Run withoutFlag = run(false);
        assertThat(withoutFlag.exitCode).as(withoutFlag.output).isNotZero();
        assertThat(withoutFlag.output).contains("IllegalAccessError");
    }

    private Run run(final boolean flag) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (flag)
        {
            command.addAll(List.of(FLAG.split(" ")));
        }
        command.add("-cp");
        command.add(dir + File.pathSeparator + System.getProperty("java.class.path"));
        command.add("Embed");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output;
        try (InputStream in = process.getInputStream())
        {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the example ends").isTrue();
        return new Run(process.exitValue(), output);
    }

    private record Run(int exitCode, String output)
    {
    }
}
