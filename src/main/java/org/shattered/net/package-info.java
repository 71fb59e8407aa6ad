/**
 * The networks of docs/science.md (Networks): one class per architecture behind
 * {@link org.shattered.net.Network}, weights drawn in plain Java from a seeded stream, matrix
 * products in ND4J, and the gradient dy/dx with the gates of every layer. No Spark import.
 */
package org.shattered.net;
