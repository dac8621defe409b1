package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Three producers meet thousands of member names for the first time concurrently, each with its own String
 * instances of the same names, while the collector encodes their events: every member reaches the JSON under its
 * own name (each value repeats the number in its name, so a wrong name shows), the bus keeps one id per name, and
 * the collector reports no error.
 */
class MemberNamesStressTest
{
    private static final int PRODUCERS = 3;
    private static final int EVENTS = 100_000;
    private static final int NAMES = 4_000;
    private static final Pattern MEMBER = Pattern.compile("\"m(\\d+)\":(\\d+)");

    @Test
    void shouldNameEveryMemberRightWhileNamesAreRegisteredFromSeveralThreads() throws Exception
    {
        final AtomicLong membersChecked = new AtomicLong();
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(8192).collectorBatchLimit(256)))
        {
            final AtomicReference<String> failure = Buses.checkEveryRecord(bus, record ->
            {
                final String json = new String(record.buffer(), 0, record.length(), StandardCharsets.UTF_8);
                final Matcher m = MEMBER.matcher(json);
                String problem = null;
                int members = 0;
                while (m.find())
                {
                    members++;
                    if (!m.group(1).equals(m.group(2)) && null == problem)
                    {
                        problem = "member m" + m.group(1) + " has value " + m.group(2) + ": " + json;
                    }
                }
                if (members != 3 && null == problem)
                {
                    problem = "expected 3 members: " + json;
                }
                membersChecked.addAndGet(members);
                return problem;
            });

            final Thread[] threads = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++)
            {
                final Producer producer = bus.producer("p" + p, 1024);
                final String[] names = new String[NAMES];
                for (int k = 0; k < NAMES; k++)
                {
                    names[k] = new String("m" + k); // this thread's own instances
                }
                final int offset = p * 1_337;
                threads[p] = new Thread(() ->
                {
                    for (int n = 0; n < EVENTS; n++)
                    {
                        final int a = (n + offset) % NAMES;
                        final int b = (n * 7 + offset) % NAMES;
                        final int c = (n * 13 + 1 + offset) % NAMES;
                        try (EventWriter e = producer.claim(EventType.ORDER))
                        {
                            e.put(names[a], a).beginObject("inner").put(names[b], b).end().put(names[c], c);
                        }
                        while (producer.depth() > producer.ringSize() / 2)
                        {
                            Thread.yield();
                        }
                    }
                }, "producer-" + p);
            }
            for (final Thread thread : threads)
            {
                thread.start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            bus.close();

            assertThat(failure.get()).isNull();
            assertThat(bus.stats().collectorErrors()).isZero();
            assertThat(bus.stats().collected()).isEqualTo(bus.stats().published());
            assertThat(membersChecked.get()).isEqualTo(3 * bus.stats().collected());
            assertThat(bus.stats().published()).as("most events are published").isGreaterThan(PRODUCERS * EVENTS / 2);
            assertThat(bus.memberNames().size()).as("one id per name, whichever thread met it first").isEqualTo(NAMES + 1);
        }
    }
}
