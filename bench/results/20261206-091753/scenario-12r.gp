set terminal pngcairo size 3000,610 noenhanced font ",9"
set output 'scenario-12r.png'
set multiplot layout 2,10 title "12r. Threads: the largest serial work per request at a fixed offered rate\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "inline" 9999.3 9999.3 9999.3 5592405 "9,999"
1 "t1" 10000.2 10000.2 10000.2 5592405 "10,000"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:12000.2]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "inline" 8869.8 8869.8 8869.8 5592405 "8,870"
1 "t1" 9091.4 9091.4 9091.4 5592405 "9,091"
EOD
set title "rate=10000,w=100us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:10909.7]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "inline" 8162.4 8162.4 8162.4 5592405 "8,162"
1 "t1" 8340.3 8340.3 8340.3 5592405 "8,340"
EOD
set title "rate=10000,w=110us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:10008.4]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "inline" 9999.5 9999.5 9999.5 5592405 "10,000"
1 "t1" 10001.8 10001.8 10001.8 5592405 "10,002"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12002.2]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "inline" 9999.3 9999.3 9999.3 5592405 "9,999"
1 "t1" 10000.7 10000.7 10000.7 5592405 "10,001"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12000.8]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "inline" 9999.3 9999.3 9999.3 5592405 "9,999"
1 "t1" 10002.6 10002.6 10002.6 5592405 "10,003"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12003.1]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "inline" 9997.8 9997.8 9997.8 5592405 "9,998"
1 "t1" 9999.7 9999.7 9999.7 5592405 "10,000"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11999.6]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "inline" 9993.1 9993.1 9993.1 5592405 "9,993"
1 "t1" 10000.2 10000.2 10000.2 5592405 "10,000"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12000.2]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
$p9 << EOD
0 "inline" 9862.9 9862.9 9862.9 5592405 "9,863"
1 "t1" 9787.9 9787.9 9787.9 5592405 "9,788"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11835.5]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p9 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p9 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using 1:5:7 with labels offset 0,0.8 font ',9'
$p10 << EOD
0 "inline" 8859.1 8859.1 8859.1 5592405 "8,859"
1 "t1" 9268 9268 9268 5592405 "9,268"
EOD
set title "rate=10000,w=95us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11121.6]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p10 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p10 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using 1:5:7 with labels offset 0,0.8 font ',9'
$p11 << EOD
0 "inline" 1.34349 1.34349 1.34349 5592405 "1.34"
1 "t1" 1.83501 1.83501 1.83501 5592405 "1.84"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Latency p99 (ms)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:2.20201]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5, "2" 2)
plot $p11 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p11 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using 1:5:7 with labels offset 0,0.8 font ',9'
$p12 << EOD
0 "inline" 775.946 775.946 775.946 5592405 "776"
1 "t1" 603.98 603.98 603.98 5592405 "604"
EOD
set title "rate=10000,w=100us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:931.135]
set ytics ("0" 0, "200" 200, "400" 400, "600" 600, "800" 800)
plot $p12 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p12 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using 1:5:7 with labels offset 0,0.8 font ',9'
$p13 << EOD
0 "inline" 1325.4 1325.4 1325.4 5592405 "1,325"
1 "t1" 1199.57 1199.57 1199.57 5592405 "1,200"
EOD
set title "rate=10000,w=110us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1590.48]
set ytics ("0" 0, "500" 500, "1k" 1000, "1.5k" 1500)
plot $p13 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p13 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using 1:5:7 with labels offset 0,0.8 font ',9'
$p14 << EOD
0 "inline" 3.96493 3.96493 3.96493 5592405 "3.96"
1 "t1" 1.37626 1.37626 1.37626 5592405 "1.38"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:4.75791]
set ytics ("0" 0, "1" 1, "2" 2, "3" 3, "4" 4)
plot $p14 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p14 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using 1:5:7 with labels offset 0,0.8 font ',9'
$p15 << EOD
0 "inline" 1.51552 1.51552 1.51552 5592405 "1.52"
1 "t1" 1.55648 1.55648 1.55648 5592405 "1.56"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1.86777]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5)
plot $p15 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p15 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using 1:5:7 with labels offset 0,0.8 font ',9'
$p16 << EOD
0 "inline" 12.0586 12.0586 12.0586 5592405 "12.1"
1 "t1" 5.57056 5.57056 5.57056 5592405 "5.57"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:14.4703]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p16 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p16 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using 1:5:7 with labels offset 0,0.8 font ',9'
$p17 << EOD
0 "inline" 21.758 21.758 21.758 5592405 "21.8"
1 "t1" 16.1219 16.1219 16.1219 5592405 "16.1"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:26.1095]
set ytics ("0" 0, "10" 10, "20" 20)
plot $p17 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p17 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using 1:5:7 with labels offset 0,0.8 font ',9'
$p18 << EOD
0 "inline" 11.0756 11.0756 11.0756 5592405 "11.1"
1 "t1" 4.55475 4.55475 4.55475 5592405 "4.55"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:13.2907]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p18 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p18 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using 1:5:7 with labels offset 0,0.8 font ',9'
$p19 << EOD
0 "inline" 73.4003 73.4003 73.4003 5592405 "73.4"
1 "t1" 119.013 119.013 119.013 5592405 "119"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:142.816]
set ytics ("0" 0, "50" 50, "100" 100)
plot $p19 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p19 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p19 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p19 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p19 using 1:5:7 with labels offset 0,0.8 font ',9'
$p20 << EOD
0 "inline" 746.586 746.586 746.586 5592405 "747"
1 "t1" 473.956 473.956 473.956 5592405 "474"
EOD
set title "rate=10000,w=95us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:895.903]
set ytics ("0" 0, "200" 200, "400" 400, "600" 600, "800" 800)
plot $p20 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p20 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p20 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p20 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p20 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
