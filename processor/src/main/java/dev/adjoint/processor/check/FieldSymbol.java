/*
 * Copyright 2026 The Adjoint Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file
 * except in compliance with the License. You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the
 * License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
 * either express or implied. See the License for the specific language governing permissions
 * and limitations under the License.
 */
package dev.adjoint.processor.check;

import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.TypeRef;

/**
 * A static field read by differentiated code; never differentiated.
 *
 * @param owner the class that declares the field
 * @param name the field's name
 * @param kind its kind
 */
public record FieldSymbol(TypeRef owner, String name, Kind kind) {}
