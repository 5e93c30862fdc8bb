package org.jnas.kernel;
