package dev.podpreset.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestBytesBudgetTest {

    @Test
    void smallBodiesMayFillTheWholeBudget() {
        RequestBytesBudget budget = new RequestBytesBudget(1600);
        for (int i = 0; i < 16; i++) {
            assertTrue(budget.tryReserve(100));
        }
        assertFalse(budget.tryReserve(1), "full");
        assertEquals(1600, budget.held());
        budget.release(100);
        assertTrue(budget.tryReserve(100), "room again once one is given back");
    }

    @Test
    void largeBodiesMayFillOnlyHalfSoThatSmallOnesFindRoom() {
        RequestBytesBudget budget = new RequestBytesBudget(1600);
        assertTrue(budget.tryReserve(400));
        assertTrue(budget.tryReserve(400));
        assertFalse(budget.tryReserve(101), "a large body beyond half the budget is refused");
        assertEquals(800, budget.held(), "a refusal reserves nothing");
        for (int i = 0; i < 8; i++) {
            assertTrue(budget.tryReserve(100), "small bodies use the other half");
        }
        assertFalse(budget.tryReserve(100));
    }

    @Test
    void aBudgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RequestBytesBudget(0));
    }
}
