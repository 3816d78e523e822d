"""Words of Indonesian performance reports, used to repair OCR letter-spacing and line-break hyphens.

Lowercase, one word per entry. A word belongs here when it is printed in
LKjIP / LAKIP / LKPJ / APBDes / IDM tables, captions or headers; the list only
has to cover words that get broken, not the language. Short function words
are in ``FUNCTION_WORDS``: they count as real words (so they are never glued
to a neighbour) but are not used as pieces when re-segmenting a glued run,
where they would match too easily.
"""

from __future__ import annotations

_REPORT_WORDS = """
akhir akses aktif akuntabilitas alokasi analisa analisis anggaran angka antar apbd apbdes aparatur
aparat arah arsip aset aspal atas atribut awal badan bagian baik bahan bangunan bantuan banyak
barang barat batas batu bawah bayi beban belanja berat berdasarkan berhasil berikut berita berkala
berkembang berkualitas berkurang bersih bertambah besar beton biaya bidang bina binaan bulan bumdes
bupati camat capaian cakupan cukup dampak daerah daftar daya data datar definisi desa detik dinas
diperoleh disajikan ditetapkan dokumen dana efektif efektivitas efisien efisiensi ekonomi evaluasi
fasilitasi fisik formulasi fungsi gaji gambaran guna hak harapan harga hari hasil hidup hukum hidup ibu
indeks indikator informasi infrastruktur instansi internal eksternal jabatan jalan jaminan jasa jawab
jembatan jenis jiwa jumlah kabupaten kajian kalimantan kantor kapasitas kategori kawasan keamanan
kebijakan kebutuhan keberhasilan kecamatan kegagalan kegiatan kehidupan kejadian kelahiran kelompok
kelurahan kemiskinan kematian kendaraan kenaikan kepala kepegawaian kepuasan kerawanan kerikil kerja
kesehatan kesejahteraan kesimpulan ketahanan keterangan ketertiban ketentraman keuangan khusus kinerja
kode komunikasi kondisi konsumsi koordinasi kota kriteria kualitas kurang laporan lahan lainnya
lampiran langsung layanan lembaga lingkungan listrik lokasi maju makro mandiri manusia mantap masyarakat
melampaui meningkatkan meningkatnya menurun menurunnya minimal misi modal monitoring nama nasional
negara nilai nomor operasional orang organisasi output outcome paket pajak panjang pelaksanaan
pelanggaran pelaporan pelayanan pemantauan pembangunan pembinaan pemberdayaan pemeliharaan pemerintah
pemerintahan penanggung pencapaian pendapatan pendidikan penduduk penerangan pengadaan pengawasan
pengelolaan pengembangan pengendalian pengukuran penilaian peningkatan penjelasan penunjang penurunan
penyediaan penyelenggaraan penyusunan perangkat perbandingan perencanaan peraturan perda perhitungan
perjanjian perkembangan perlengkapan permukaan persen persentase perubahan perundang perundangan
peserta pokok predikat prioritas program prosentase provinsi publik rata rasio realisasi rekening
rencana renja renstra retribusi ringkasan rincian rusak sangat sarana prasarana sasaran satuan sebelum
sedang sekretariat sektor selatan selisih seksi semester sesudah sosial status strategis sub
sumber survei survey tabel tahun tahunan tanah tanggung target tata tengah tenaga terbentuk tercapai
termasuk tertib tertinggal timur tingkat tinggi total triwulan tujuan tugas tunjangan uang umum unit
undang undangan uraian urusan utama utara visi wilayah
dilihat dapat ditindaklanjuti ditindak lanjuti dilakukan mencapai sebagaimana sebesar sehingga
terealisasi terhadap masing menjadi merupakan sesuai tidak ketimpangan pertumbuhan pengangguran
pembangunan kesejahteraan pemeliharaan kualitas berkualitas peningkat jembatan kabupaten kecamatan
pedesaan perkotaan kepemudaan keolahragaan kebudayaan kesenian tradisional perumahan persampahan
pariwisata kreatif pertanian industri veteriner penanaman pencemaran kerusakan penduduk penanggulangan
bencana pangan konsumen produsen produk segar keamanan beragam bergizi seimbang energi protein
sertifikasi tersertifikasi diuji ambang dibawah diatas melebihi belum sesuai sangat kurang cukup
rendah sedang tinggi jumlah subtotal bertambah berkurang sebelumnya perubahan penjabaran pendahuluan
akuntabilitas penutup pengantar kata ringkasan eksekutif isi daftar gambar grafik sumber keterangan
kesimpulan bulanan mingguan harian
"""

_FUNCTION_WORDS = """
di ke se per dan dari yang atau untuk dengan pada dalam oleh ini itu serta terhadap sebagai adalah
bagi tentang antara secara tidak belum sudah telah akan juga sd no dll
"""
# Function words long enough to be safe as pieces of a glued run.
_SAFE_FUNCTION_PIECES = "dan dari yang atau untuk dengan pada dalam oleh serta terhadap sebagai"

FUNCTION_WORDS: frozenset[str] = frozenset(_FUNCTION_WORDS.split())

KATA: frozenset[str] = frozenset(_REPORT_WORDS.split()) | frozenset(_SAFE_FUNCTION_PIECES.split())
"""Words used as pieces when re-segmenting a glued run of fragments."""
