/**
 * The plaintext evaluator's machinery: a columnar {@link org.cosettle.policy.eval.ClaimBatch},
 * the chunked {@code Engine} that runs an {@link org.cosettle.policy.ir.Ir.Program} over it,
 * failure location, aggregation and explanation. {@link org.cosettle.policy.eval.ClaimBatch} is
 * API (integrators prepare a batch once and evaluate it with several policies); the other public
 * types serve {@link org.cosettle.policy.Evaluator} and {@code org.cosettle.policy.internal} and
 * are not API (see docs/architecture.md, enforced by the architecture tests).
 */
package org.cosettle.policy.eval;
