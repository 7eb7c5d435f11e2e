package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.math.Primes;

/**
 * The small context of the encrypted trainer's tests: N = 2048, a 40-bit t = 1 mod 2N and four
 * 60-bit primes (depth 2 between refreshes). Insecure: tests only. Stateless.
 */
final class SmallContext {
  private SmallContext() {}

  /** A new context (equal parameters every call). */
  static Context build() {
    return new ContextBuilder().m(4096).p(Primes.generate(40, 4096)).bits(240).c(2).allowInsecure().build();
  }
}
