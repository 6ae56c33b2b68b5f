/**
 * The second stage of the policy pipeline: {@link org.cosettle.policy.check.Checker} resolves
 * every name and types every expression of a parsed policy (literal coercion, did-you-mean),
 * into an immutable {@link org.cosettle.policy.check.CheckedPolicy}: the declarations to lower,
 * the symbols, side tables keyed by AST node id (types, constants, references, input fields)
 * and every error as a {@link org.cosettle.policy.Diagnostic}. Its public types serve the later
 * stages of rule-dsl; they are not API (see docs/architecture.md, enforced by the architecture
 * tests).
 */
package org.cosettle.policy.check;
