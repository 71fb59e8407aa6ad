/**
 * The command line: one picocli command class per verb ({@code task}, {@code plan}, {@code sweep},
 * {@code sql}, {@code report}, {@code theory}, {@code bench}). Bad input exits 2 with one line.
 */
package org.shattered.cli;
