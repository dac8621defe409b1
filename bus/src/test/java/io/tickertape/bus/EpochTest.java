package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Every run of a bus has its own epoch, the token that makes event ids mean one position in one run. */
class EpochTest
{
    @Test
    void shouldGiveEachRunItsOwnShortRandomEpoch()
    {
        final Set<String> epochs = new HashSet<>();
        for (int i = 0; i < 20; i++)
        {
            try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(16)))
            {
                assertThat(bus.epoch()).matches("[0-9a-f]{8}");
                assertThat(bus.stats().epoch()).isEqualTo(bus.epoch());
                epochs.add(bus.epoch());
            }
        }
        assertThat(epochs).hasSize(20);
    }

    @Test
    void shouldKeepTheEpochItWasGiven()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().epoch("77b1e0c4")))
        {
            assertThat(bus.epoch()).isEqualTo("77b1e0c4");
        }
    }

    @Test
    void shouldRefuseAnEpochThatCouldNotBePartOfAnId()
    {
        for (final String bad : new String[] {"", "with-dash", "UPPER", "0123456789abcdef0"})
        {
            assertThatThrownBy(() -> new BusContext().epoch(bad).conclude())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch");
        }
    }
}
