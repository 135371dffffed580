package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A county's records go to its profile's chain unless the deployment maps the profile elsewhere. */
class AuditChainsTest {
    @Test
    void aProfileIsItsOwnChainUnlessMapped() {
        AuditChains chains = new AuditChains(Map.of("baiyin", "west", "boshan", "west"));
        assertEquals("helan", chains.ofProfile("helan"));
        assertEquals("west", chains.ofProfile("baiyin"));
        assertEquals("west", chains.ofProfile("boshan"));
    }

    @Test
    void aMappingToSomethingThatIsNoChainNameStopsTheStart() {
        for (String bad : new String[] {"", "two words", "x".repeat(33), "-leading", "semi;colon", "县"}) {
            assertThrows(IllegalStateException.class, () -> new AuditChains(Map.of("helan", bad)), bad);
        }
    }

    @Test
    void chainNamesAreShortPlainWords() {
        assertTrue(AuditChains.isName("helan"));
        assertTrue(AuditChains.isName("county-01.west_2"));
        assertFalse(AuditChains.isName(null));
        assertFalse(AuditChains.isName("he lan"));
        assertFalse(AuditChains.isName("x".repeat(33)));
    }

    @Test
    void eachChainStartsFromItsOwnNameAndTheOldChainFromZeros() {
        assertEquals(ChainHash.GENESIS, ChainHash.genesis(AuditChains.LEGACY));
        assertEquals(ChainHash.sha256("kcbx-audit-chain|helan"), ChainHash.genesis("helan"));
        assertFalse(ChainHash.genesis("helan").equals(ChainHash.genesis("baiyin")));
    }
}
