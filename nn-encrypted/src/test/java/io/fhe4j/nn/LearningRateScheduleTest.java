package io.fhe4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  @Test
  void ratesChangeAtTheirStartSteps() {
    LearningRateSchedule s = LearningRateSchedule.parse("3/6,6@3000,2^-7@3500");
    assertEquals(new LearningRate(3, 6), s.at(0));
    assertEquals(new LearningRate(3, 6), s.at(2999));
    assertEquals(LearningRate.powerOfTwo(6), s.at(3000));
    assertEquals(LearningRate.powerOfTwo(6), s.at(3499));
    assertEquals(LearningRate.powerOfTwo(7), s.at(3500));
    assertEquals(LearningRate.powerOfTwo(7), s.at(1L << 40));
    assertEquals(new LearningRate(3, 6), s.initial());
  }

  @Test
  void textRoundTripsAndAConstantPrintsAsItsRate() {
    LearningRateSchedule s = LearningRateSchedule.parse("3/6,6@3000");
    assertEquals("3/2^6,2^-6@3000", s.toString());
    assertEquals(s, LearningRateSchedule.parse(s.toString()));
    LearningRateSchedule c = LearningRateSchedule.parse("5");
    assertTrue(c.isConstant());
    assertEquals("2^-5", c.toString());
    assertEquals(c, LearningRateSchedule.constant(LearningRate.powerOfTwo(5)));
    assertEquals(c, LearningRateSchedule.parse(c.toString()));
  }

  @Test
  void malformedSchedulesAreRefusedNamingThePhase() {
    for (String bad : new String[] {"5@0", "5,6", "5,6@x", "5,6@-1", "5,6@100,7@100", "5,6@100,7@50", "x", "5,99@10",
        "", "5,,6@3"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse(bad),
          bad);
      assertTrue(e.getMessage().contains("'" + bad + "'") || e.getMessage().contains("schedule"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> new LearningRateSchedule(List.of(LearningRate.powerOfTwo(5)), List.of(1L)));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("5").at(-1));
  }
}
