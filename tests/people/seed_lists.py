"""Lists from the seed pages (tests/seeds/data/), verbatim: what members paste.

Seed 002 (AcadHomepage): its "Honors and Awards", "News", "Educations" and "Service"
sections; seed 004 (al-folio): news without dates, one commented out.
"""

# ruff: noqa: E501, W291 (the seeds' lines as they are, trailing spaces included)

SEED_002_HONOURS = r"""
- *2023.06* Outstanding Graduates, Shaanxi.
- *2023.06* Outstanding Graduates, Xidian University.
- *2023.06* Graduate Star (1/10), Xidian University.
- *2022.12* Thanks for the Modern Scientist Scholarship (感恩近现代科学家奖学金) (1/12), Xidian University.
- *2022.12* Principal’s Scholarship (校长奖学金) (1/5), Xidian University.
- *2022.12* <span style="color: red;">National Scholarship<\span> (Top 1%), Ministry of Education of The People’s Republic of China.
- *2022.10* Top 1.3% of World, IEEEXtreme Programming Competition.
- *2022.10* Huawei Intelligent Base Scholarship (华为智能基座奖学金) (1/10), Xidian University.
- *2021.12* <span style="color: red;">National Scholarship<\span> (Top 1%), Ministry of Education of The People’s Republic of China.
- *2021.11* Silver Medal, The ICPC International Collegiate Programming Contest of Shaanxi Province.
- *2021.10* Huawei Intelligent Base Scholarship (华为智能基座奖学金) (1/10), Xidian University.
- *2020.12* <span style="color: red;">National Scholarship<\span> (Top 1%), Ministry of Education of The People’s Republic of China.
- *2020.11* Bronze Medal, The ICPC International Collegiate Programming Contest of Shaanxi Province.
"""

SEED_002_NEWS = r"""
- *2025.09*: &nbsp;🎉🎉 We release [SpecDiff](https://www.arxiv.org/abs/2509.13848) and [SpecPrune-VLA](https://arxiv.org/abs/2509.05614) for diffusion and VLA model acceleration.
- *2025.09*: &nbsp;🎉🎉 Two papers were accepted by ASP-DAC 2026. Look forward to meeting you next January in Hong Kong!
- *2025.08*: &nbsp;🎤🎤 A invited talk (大模型推理软硬件协同优化) was given in Ordos, China. Thanks for the invitation of CCF-HPC 2025. 
- *2025.06*: &nbsp;🎤🎤 Oral presentation in ISCA 2025 in Tokyo, Japan.
- *2025.03*: &nbsp;🎉🎉 A paper were accpeted by ISCA 2025. Look forward to meeting you in June in Tokyo!
"""

SEED_002_EDUCATION = r"""
- *2023.06 - 2028.06 (expected)*, School of Computer Science, Shanghai Jiao Tong University 
- *2019.09 - 2023.06*, School of Computer Science and Technology, Xidian University
"""

SEED_002_SERVICE = r"""
- *2025.09 - Now*, Teaching Assistant, Thinking and Methodology in Programming (C++) (UG-CS1501-08) by [Prof. Weiguo Gu](https://me.sjtu.edu.cn/teacher_directory1/guweiguo.html)
- *2025.02 - 2025.06*, Teaching Assistant, Algorithms and Complexity (UG-CS2308-01) by [Prof. Qingshen Ren](https://www.cs.sjtu.edu.cn/PeopleDetail.aspx?id=85)
- *2025.02 - 2025.06*, Teaching Assistant, Algorithm Design and Analysis (PG-CS7310H-033-M01) by [Prof. Guohao Dai](https://dai.sjtu.edu.cn/pepledetail.html?id=218)
- *2024.09 - 2025.01*, Teaching Assistant, Thinking and Methodology in Programming (C++) (UG-CS1501-04) by [Prof. Weiguo Gu](https://me.sjtu.edu.cn/teacher_directory1/guweiguo.html)
- *2024.05 - Now*, IT Administrator of DAI-Lab, Shanghai Jiao Tong University
- *2025.02 - 2025.06*, Teaching Assistant, Algorithm Design and Analysis (PG-CS7310H-033-M01) by [Prof. Guohao Dai](https://dai.sjtu.edu.cn/pepledetail.html?id=218)
- *2022.09 - 2023.06*, Huawei Campus Ambassador, Xidian University
- *2021.09 - 2022.09*, Chairman of Huawei Innovation Club and Huawei Intelligent Base Club
"""

SEED_004_NEWS = r"""
<!-- - Our new work [KIVI](https://arxiv.org/pdf/2402.02750.pdf) shows that 2-bit is enough for representing KV Cache! It can improve inference throughput by 3X and provide direct support for long context tasks. Please check our [code](https://github.com/jy-yuan/KIVI?tab=readme-ov-file) to have a try. -->

- ðŸ”¥ðŸ”¥ Our [KIVI](https://arxiv.org/pdf/2402.02750.pdf) largely inspires the [KV Cache quantization system in Huggingface](https://huggingface.co/docs/transformers/main/en/generation_strategies#kv-cache-quantization). Code is available [here](https://github.com/jy-yuan/KIVI); And our [Self-Extend](https://arxiv.org/abs/2401.01325) is highlighted during [Google I/O session](https://www.youtube.com/watch?v=TV7qCk1dBWA). Code is available [here](https://colab.research.google.com/drive/1jtaOyPOUQh7QksTVIV8oOvDKRGf0NrAZ).


- Our [KIVI](https://arxiv.org/pdf/2402.02750.pdf), [Self-Extend](https://arxiv.org/abs/2401.01325), and [Compress-then-prompt](https://arxiv.org/abs/2305.11186) are accepted by ICML 2024.


- Our [Memory-Efficient LLM fine-tuning](https://arxiv.org/abs/2305.15265) work is covered by [Rice CS New](https://csweb.rice.edu/news/rice-cs-xia-ben-hu-investigates-llms-and-likely-applications).

- Three paper accepted to Neurips 2023.

- Two paper accepted to TMLR.

- Twos papers accepted to ICML 2023.

- One paper accepted to MLSys 2023.

- Two papers accepted to Neurips 2022, DreamShard and GNN Benchmark (Benchmark track).
"""
