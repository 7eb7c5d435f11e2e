package io.fhe4j.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fhe4j.math.CyclotomicCrt;
import io.fhe4j.math.InvalidDegreeException;
import io.fhe4j.math.InvalidModulusException;
import io.fhe4j.math.Modulus;
import io.fhe4j.math.Primes;
import io.fhe4j.testing.PlainRing;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Rings {@code Z_Q[X]/Phi_m} for odd m (powerful basis, tensor CRT transform) against schoolbook
 * arithmetic in the power basis ({@link PlainRing#cyclotomicProduct}).
 */
class GeneralRingProperties {
    /** Prime, prime-power and composite m: Rader (twisted and padded), dense and mixed factors. */
    @Provide
    Arbitrary<Integer> indices() {
        return Arbitraries.of(3, 5, 7, 9, 15, 21, 25, 27, 31, 45, 63, 85, 105, 127, 257, 273, 1155);
    }

    static PolyRing ring(int m, int count, int bits) {
        long div = PowerfulBasis.of(m).requiredDivisor();
        List<Long> primes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            primes.add(Primes.generate(bits, div, 1, primes).get(0));
        }
        return PolyRing.general(m, primes.stream().mapToLong(Long::longValue).toArray());
    }

    private static long[] random(Random rnd, int n, long q) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.floorMod(rnd.nextLong(), q);
        }
        return a;
    }

    /** The element with these power-basis coefficients mod each prime (coefficient form). */
    private static DoubleCrt fromPower(PolyRing ring, long[][] power) {
        long[][] rows = new long[ring.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = ring.powerfulBasis().toPowerful(power[i], ring.basis().modulus(i));
        }
        return ring.wrap(rows, false);
    }

    private static long[] toPower(DoubleCrt x, int i) {
        DoubleCrt c = x.copy().toCoefficientForm();
        return c.ring().powerfulBasis().toPower(c.row(i), c.basis().modulus(i));
    }

    @Property(tries = 40)
    void productsAndAutomorphismsMatchSchoolbook(@ForAll("indices") int m, @ForAll long seed) {
        PolyRing ring = ring(m, 2, 55);
        Random rnd = new Random(seed);
        int n = ring.n();
        long[][] a = new long[2][];
        long[][] b = new long[2][];
        for (int i = 0; i < 2; i++) {
            a[i] = random(rnd, n, ring.basis().prime(i));
            b[i] = random(rnd, n, ring.basis().prime(i));
        }
        DoubleCrt x = fromPower(ring, a).toEvaluationForm();
        DoubleCrt y = fromPower(ring, b).toEvaluationForm();
        DoubleCrt xy = x.multiply(y);
        long k;
        do {
            k = 1 + rnd.nextInt(m - 1);
        } while (Primes.gcd(k, m) != 1);
        DoubleCrt xk = x.automorphism(k);
        DoubleCrt xkCoeff = fromPower(ring, a).automorphism(k);
        for (int i = 0; i < 2; i++) {
            long q = ring.basis().prime(i);
            assertArrayEquals(a[i], toPower(x, i), "round trip mod q_" + i);
            assertArrayEquals(PlainRing.cyclotomicProduct(a[i], b[i], m, q), toPower(xy, i), "product mod q_" + i);
            long[] expected = PlainRing.cyclotomicAutomorphism(a[i], k, m, q);
            assertArrayEquals(expected, toPower(xk, i), "X -> X^" + k + " mod q_" + i);
            assertArrayEquals(expected, toPower(xkCoeff, i), "X -> X^" + k + " in coefficient form");
        }
    }

    @Property(tries = 20)
    void evaluationIndexJHoldsTheValueAtOmegaToTheExponent(@ForAll("indices") int m) {
        PolyRing ring = ring(m, 1, 50);
        Modulus q = ring.basis().modulus(0);
        PowerfulBasis pb = ring.powerfulBasis();
        long[] xPoly = new long[ring.n()];
        if (ring.n() > 1) {
            xPoly[1] = 1;
        }
        long[] row = pb.toPowerful(xPoly, q);
        ring.transform(0).forward(row);
        // the value of X at index j is omega^e(j): find omega from the index of exponent 1
        long omega = -1;
        for (int j = 0; j < ring.n(); j++) {
            if (pb.evaluationExponent(j) == 1) {
                omega = row[j];
            }
        }
        assertEquals(1, q.pow(omega, m));
        for (long r : Primes.primeFactors(m)) {
            assert q.pow(omega, m / r) != 1;
        }
        for (int j = 0; j < ring.n(); j++) {
            assertEquals(q.pow(omega, pb.evaluationExponent(j)), row[j], "index " + j);
        }
    }

    @Property(tries = 20)
    void factorTransformsReportTheirExponents(@ForAll("indices") int m) {
        for (int f : PowerfulBasis.of(m).factors()) {
            long q = Primes.generate(50, CyclotomicCrt.requiredDivisor(f));
            CyclotomicCrt crt = CyclotomicCrt.of(q, f);
            int[] exps = CyclotomicCrt.exponents(f);
            for (int j = 0; j < crt.length(); j++) {
                assertEquals(exps[j], crt.exponent(j));
            }
        }
    }

    @Test
    void rejectsBadIndicesAndPrimes() {
        assertThrows(InvalidDegreeException.class, () -> PowerfulBasis.of(12));
        assertThrows(InvalidDegreeException.class, () -> PowerfulBasis.of(1));
        long div = PowerfulBasis.of(15).requiredDivisor();
        long wrong = Primes.generate(40, 8, 10, java.util.List.of()).stream().filter(q -> (q - 1) % div != 0)
                .findFirst().orElseThrow();
        assertThrows(InvalidModulusException.class, () -> PolyRing.general(15, wrong));
        assertThrows(UnsupportedOperationException.class, () -> ring(15, 1, 40).tables(0));
    }

    @Test
    void normBoundIsHElibsNormBnd() {
        double expected = 2 / Math.tan(Math.PI / 34) / 17 * (2 / Math.tan(Math.PI / 514) / 257);
        assertEquals(expected, PowerfulBasis.of(4369).normBound(), 1e-12);
        assertEquals(4096, PowerfulBasis.of(4369).n());
    }
}
