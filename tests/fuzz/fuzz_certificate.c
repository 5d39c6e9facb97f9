/*
 * fuzz_certificate: the certificate template, templates/certificate.fodt,
 * on any bytes: read from a file as a build reads it, its split
 * placeholders joined, its XML parsed (libxml2's limits, no DTD), then a
 * certificate rendered from it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/diag.h"
#include "base/input.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/certificate.h"
#include "model.h"
#include "render/certificate.h"
#include "rules/state.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char dir[64];

/* The scratch folder goes when the fuzzer exits (its file goes after
 * each input). */
static void
remove_dir(void)
{
	(void)rmdir(dir);
}
static struct site site;
static struct cycle cycle;
static struct org org;
static struct decision approval;
static struct certificate cert;

static void
setup(void)
{
	struct val *award = val_map();

	snprintf(dir, sizeof(dir), "/tmp/fuzz_certificate.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(remove_dir);
	site.yaml = val_map();
	val_set_str(award, "name", "新疆维吾尔自治区人民政府质量奖");
	val_set_str(award, "nomination_name", "新疆维吾尔自治区人民政府质量奖提名奖");
	val_set_str(award, "government", "新疆维吾尔自治区人民政府");
	val_set_str(award, "certificate_prefix", "XJZLJ");
	val_set(site.yaml, "award", award);
	site.base_url = "https://zlj.example.gov.cn/";
	cycle.year = 2025;
	cycle.edition = 8;
	cycle.notices[NOTICE_DECISION].present = true;
	cycle.notices[NOTICE_DECISION].date = date_from_ymd(2025, 12, 19);
	cycle.notices[NOTICE_DECISION].number = "新政发〔2025〕45号";
	org.name = xstrdup("<script>&amp;{{x}}</script>");
	approval.stage = STAGE_APPROVAL;
	approval.result = RESULT_AWARD;
	approval.date = date_from_ymd(2025, 12, 17);
	approval.org = &org;
	cert.number = "XJZLJ-2025-A01";
	cert.org = &org;
	cert.cycle = &cycle;
	cert.kind = RESULT_AWARD;
	cert.approval = &approval;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cert_template *t;
	struct diag d;
	struct buf out;
	char *path;
	FILE *f;

	if (dir[0] == '\0')
		setup();
	path = path_join(dir, CERT_TEMPLATE);
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	diag_init(&d);
	buf_init(&out);
	if ((t = cert_template_load(dir, &d)) != NULL) {
		(void)cert_render(t, &site, &cert, 1766102400LL, &out, &d);
		cert_template_free(t);
	}
	buf_free(&out);
	diag_free(&d);
	input_forget();
	unlink(path);
	free(path);
	return 0;
}
