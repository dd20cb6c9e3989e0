package dev.escarp.cdp.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResetPolicyTest {

  @Test
  void parse_acceptsWireNamesInAnyCase() {
    assertEquals(ResetPolicy.TABS, ResetPolicy.parse("tabs"));
    assertEquals(ResetPolicy.CLEAN, ResetPolicy.parse(" Clean "));
  }

  @Test
  void parse_unknownName_isRejectedListingTheAcceptedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResetPolicy.parse("nuke"));

    assertTrue(e.getMessage().contains("'nuke'"), e.getMessage());
    assertTrue(e.getMessage().contains("tabs, clean"), e.getMessage());
  }
}
