/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_VERSION_H
#define ARBOR_VERSION_H

extern const char arbor_version[];
extern const char arbor_git_rev[];
extern const char arbor_build_date[];
extern const char arbor_compiler[];

#endif
