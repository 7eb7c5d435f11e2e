package io.fhe4j.party;

import io.fhe4j.nn.encrypted.SliceProducts;

/**
 * A cluster the server's tensor products can run on ({@code server --master URL}), found with
 * {@link java.util.ServiceLoader}: the {@code spark-server} module provides Apache Spark's, so that
 * this module, and the bench jar, never depend on Spark. Implementations are stateless.
 */
public interface ProductsCluster {
  /**
   * Connects to {@code master}.
   *
   * @return products on the cluster; the caller closes them
   * @throws IllegalArgumentException if the master URL is not one the cluster understands
   */
  SliceProducts connect(String master);
}
