/**
 * The intermediate form both evaluators run: {@link org.cosettle.policy.ir.Ir} (a flat list of
 * typed, labelled operations with their value ranges), built by {@link
 * org.cosettle.policy.ir.IrBuilder}, which labels each operation and checks its range as it is
 * emitted. The secure engine (mpc-protocol) plans and runs {@link org.cosettle.policy.ir.Ir.Program}
 * as {@link org.cosettle.policy.CompiledPolicy#program()} gives it; the builder and the rounding
 * primitives are public for the later stages of rule-dsl, not API (see docs/architecture.md).
 */
package org.cosettle.policy.ir;
