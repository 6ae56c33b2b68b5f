/**
 * The first stage of the policy pipeline: text to tokens ({@link org.cosettle.policy.syntax.Lexer})
 * to an immutable syntax tree ({@link org.cosettle.policy.syntax.Parser}, {@link
 * org.cosettle.policy.syntax.Ast}). Its types are public for the later stages of rule-dsl only;
 * they are not API: integrators call {@link org.cosettle.policy.Policies} (see
 * docs/architecture.md, enforced by the architecture tests).
 */
package org.cosettle.policy.syntax;
